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
