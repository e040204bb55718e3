package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_output}: one entry of VIDIOC_ENUMOUTPUT. */
public final class V4l2Output {
    /** {@code V4L2_OUTPUT_TYPE_*}. */
    public static final int TYPE_MODULATOR = 1, TYPE_ANALOG = 2, TYPE_ANALOGVGAOVERLAY = 3;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_output",
            JAVA_INT.withName("index"),
            sequenceLayout(32, JAVA_BYTE).withName("name"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("audioset"),
            JAVA_INT.withName("modulator"),
            JAVA_LONG.withName("std"),
            JAVA_INT.withName("capabilities"),
            sequenceLayout(3, JAVA_INT).withName("reserved"));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");

    private V4l2Output() {}
}
