package org.v4j.api.memory;

/** {@code V4L2_MEMORY_DMABUF}: memory imported as dma-buf file descriptors. */
public enum DmaBuf implements Imported {
    INSTANCE;

    @Override
    public MemoryType type() {
        return MemoryType.DMABUF;
    }
}
