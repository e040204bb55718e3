package org.v4j.api.memory;

/** {@code V4L2_MEMORY_USERPTR}: page-aligned process memory passed by address. */
public enum UserPtr implements Imported {
    INSTANCE;

    @Override
    public MemoryType type() {
        return MemoryType.USERPTR;
    }
}
