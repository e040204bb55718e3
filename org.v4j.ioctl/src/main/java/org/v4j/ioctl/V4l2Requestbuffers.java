package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_requestbuffers}: VIDIOC_REQBUFS, which allocates (or with count 0 frees) buffers. */
public final class V4l2Requestbuffers {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_requestbuffers",
            JAVA_INT.withName("count"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("memory"),
            JAVA_INT.withName("capabilities"),
            JAVA_BYTE.withName("flags"),
            sequenceLayout(3, JAVA_BYTE).withName("reserved"));

    public static final VarHandle COUNT = Layouts.field(LAYOUT, "count");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle MEMORY = Layouts.field(LAYOUT, "memory");
    public static final VarHandle CAPABILITIES = Layouts.field(LAYOUT, "capabilities");

    /** {@code enum v4l2_memory}: {@code V4L2_MEMORY_MMAP}, {@code _USERPTR}, {@code _DMABUF}. */
    public static final int MEMORY_MMAP = 1, MEMORY_USERPTR = 2, MEMORY_DMABUF = 4;

    /** {@code V4L2_BUF_CAP_SUPPORTS_*}: the memory types the queue supports, reported since Linux 4.20. */
    public static final int CAP_SUPPORTS_MMAP = 1, CAP_SUPPORTS_USERPTR = 1 << 1, CAP_SUPPORTS_DMABUF = 1 << 2;

    private V4l2Requestbuffers() {}
}
