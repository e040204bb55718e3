package org.v4j.api.memory;

/** The V4L2 streaming memory types ({@code enum v4l2_memory}); the device layer maps them to the kernel's values. */
public enum MemoryType {
    /** Buffers allocated by the driver and mapped into the process ({@code V4L2_MEMORY_MMAP}). */
    MMAP,
    /** Buffers allocated by the process and passed by address ({@code V4L2_MEMORY_USERPTR}). */
    USERPTR,
    /** Buffers imported as dma-buf file descriptors ({@code V4L2_MEMORY_DMABUF}). */
    DMABUF;

    /** Parses {@code mmap}, {@code userptr}, {@code dmabuf} in any case. */
    public static MemoryType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown memory type '" + name + "' (mmap, userptr, dmabuf)");
        }
    }
}
