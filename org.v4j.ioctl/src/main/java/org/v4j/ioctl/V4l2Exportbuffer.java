package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_exportbuffer}: VIDIOC_EXPBUF, which exports an MMAP plane as a dma-buf fd. */
public final class V4l2Exportbuffer {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_exportbuffer",
            JAVA_INT.withName("type"),
            JAVA_INT.withName("index"),
            JAVA_INT.withName("plane"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("fd"),
            sequenceLayout(11, JAVA_INT).withName("reserved"));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle PLANE = Layouts.field(LAYOUT, "plane");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle FD = Layouts.field(LAYOUT, "fd");

    private V4l2Exportbuffer() {}
}
