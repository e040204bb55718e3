package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_fmtdesc}: one entry of VIDIOC_ENUM_FMT. */
public final class V4l2Fmtdesc {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_fmtdesc",
            JAVA_INT.withName("index"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("flags"),
            sequenceLayout(32, JAVA_BYTE).withName("description"),
            JAVA_INT.withName("pixelformat"),
            JAVA_INT.withName("mbus_code"),
            sequenceLayout(3, JAVA_INT).withName("reserved"));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle PIXELFORMAT = Layouts.field(LAYOUT, "pixelformat");

    private V4l2Fmtdesc() {}
}
