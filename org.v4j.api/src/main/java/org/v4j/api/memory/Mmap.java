package org.v4j.api.memory;

/** {@code V4L2_MEMORY_MMAP}: the driver's memory, reached by mapping the device fd. */
public enum Mmap implements SelfBacked {
    INSTANCE;

    @Override
    public MemoryType type() {
        return MemoryType.MMAP;
    }
}
