package org.v4j.api.memory;

import org.v4j.ioctl.V4l2Requestbuffers;

/** The V4L2 streaming memory types ({@code enum v4l2_memory}), with the kernel's values. */
public enum MemoryType {
    /** Buffers allocated by the driver and mapped into the process ({@code V4L2_MEMORY_MMAP}). */
    MMAP(1, V4l2Requestbuffers.CAP_SUPPORTS_MMAP),
    /** Buffers allocated by the process and passed by address ({@code V4L2_MEMORY_USERPTR}). */
    USERPTR(2, V4l2Requestbuffers.CAP_SUPPORTS_USERPTR),
    /** Buffers imported as dma-buf file descriptors ({@code V4L2_MEMORY_DMABUF}). */
    DMABUF(4, V4l2Requestbuffers.CAP_SUPPORTS_DMABUF);

    private final int value;
    private final int supportsFlag;

    MemoryType(int value, int supportsFlag) {
        this.value = value;
        this.supportsFlag = supportsFlag;
    }

    /** Its {@code V4L2_BUF_CAP_SUPPORTS_*} flag in the capabilities REQBUFS reports. */
    public int supportsFlag() {
        return supportsFlag;
    }

    /** The value of {@code enum v4l2_memory}. */
    public int value() {
        return value;
    }

    /** The memory type for a kernel value. */
    public static MemoryType of(int value) {
        for (MemoryType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown v4l2_memory " + value);
    }

    /** Parses {@code mmap}, {@code userptr}, {@code dmabuf} in any case. */
    public static MemoryType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown memory type '" + name + "' (mmap, userptr, dmabuf)");
        }
    }
}
