package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_plane}: one plane of a multi-planar {@link V4l2Buffer}. */
public final class V4l2Plane {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_plane",
            JAVA_INT.withName("bytesused"),
            JAVA_INT.withName("length"),
            unionLayout(JAVA_INT.withName("mem_offset"), JAVA_LONG.withName("userptr"), JAVA_INT.withName("fd"))
                    .withName("m"),
            JAVA_INT.withName("data_offset"),
            sequenceLayout(11, JAVA_INT).withName("reserved"));

    public static final VarHandle BYTESUSED = Layouts.field(LAYOUT, "bytesused");
    public static final VarHandle LENGTH = Layouts.field(LAYOUT, "length");
    public static final VarHandle M_MEM_OFFSET = Layouts.field(LAYOUT, "m.mem_offset");
    public static final VarHandle M_USERPTR = Layouts.field(LAYOUT, "m.userptr");
    public static final VarHandle M_FD = Layouts.field(LAYOUT, "m.fd");
    public static final VarHandle DATA_OFFSET = Layouts.field(LAYOUT, "data_offset");

    /** The array a multi-planar {@code v4l2_buffer} points at, and accessors by plane number. */
    public static final SequenceLayout ARRAY = sequenceLayout(V4l2PixFormatMplane.VIDEO_MAX_PLANES, LAYOUT);
    public static final VarHandle BYTESUSED_AT = Layouts.element(ARRAY, "bytesused");
    public static final VarHandle LENGTH_AT = Layouts.element(ARRAY, "length");
    public static final VarHandle M_MEM_OFFSET_AT = Layouts.element(ARRAY, "m.mem_offset");
    public static final VarHandle M_USERPTR_AT = Layouts.element(ARRAY, "m.userptr");
    public static final VarHandle M_FD_AT = Layouts.element(ARRAY, "m.fd");
    public static final VarHandle DATA_OFFSET_AT = Layouts.element(ARRAY, "data_offset");

    private V4l2Plane() {}
}
