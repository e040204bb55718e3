package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_input}: one entry of VIDIOC_ENUMINPUT (a camera, a composite or S-Video jack, a tuner). */
public final class V4l2Input {
    /** {@code V4L2_INPUT_TYPE_*}. */
    public static final int TYPE_TUNER = 1, TYPE_CAMERA = 2, TYPE_TOUCH = 3;
    /** {@code V4L2_IN_ST_*}: the status bits. */
    public static final int ST_NO_POWER = 0x1, ST_NO_SIGNAL = 0x2, ST_NO_COLOR = 0x4, ST_HFLIP = 0x10, ST_VFLIP = 0x20,
            ST_NO_H_LOCK = 0x100, ST_COLOR_KILL = 0x200, ST_NO_V_LOCK = 0x400, ST_NO_STD_LOCK = 0x800,
            ST_NO_SYNC = 0x10000, ST_NO_EQU = 0x20000, ST_NO_CARRIER = 0x40000, ST_MACROVISION = 0x1000000,
            ST_NO_ACCESS = 0x2000000, ST_VTR = 0x4000000;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_input",
            JAVA_INT.withName("index"),
            sequenceLayout(32, JAVA_BYTE).withName("name"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("audioset"),
            JAVA_INT.withName("tuner"),
            JAVA_LONG.withName("std"),
            JAVA_INT.withName("status"),
            JAVA_INT.withName("capabilities"),
            sequenceLayout(3, JAVA_INT).withName("reserved"),
            paddingLayout(4));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle STATUS = Layouts.field(LAYOUT, "status");
    public static final VarHandle CAPABILITIES = Layouts.field(LAYOUT, "capabilities");

    private V4l2Input() {}
}
