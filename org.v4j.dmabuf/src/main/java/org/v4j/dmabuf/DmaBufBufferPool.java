package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.util.List;
import org.v4j.api.AbstractBufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PrimitiveBufferHandles;

/**
 * Imported dma-bufs backing the buffers of one queue, each also mapped for CPU access. After
 * REQBUFS 0 (the driver lets go of the dma-bufs): unmap, close the fds, then release the source
 * (an exporter's buffers).
 */
final class DmaBufBufferPool extends AbstractBufferPool {
    private final Arena mappings;
    private final List<DmaBufFd> fds;
    private final AutoCloseable source;

    DmaBufBufferPool(BufferQueue queue, Arena mappings, List<PrimitiveBufferHandles<DmaBuf, DmaBufHandle<DmaBufFd>>> buffers,
            List<DmaBufFd> fds, AutoCloseable source) {
        super(queue, MemoryType.DMABUF, buffers);
        this.mappings = mappings;
        this.fds = List.copyOf(fds);
        this.source = source;
    }

    /** The driver let go of the dma-bufs at REQBUFS 0 (or holds its own references): unmap and close them. */
    @Override
    protected void releaseAfterFree(boolean driverGaveBack) {
        RuntimeException failure = release(mappings, fds, source, null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Unmaps, closes every fd, then the source; returns the first failure (or {@code failure}). */
    static RuntimeException release(Arena mappings, List<DmaBufFd> fds, AutoCloseable source, RuntimeException failure) {
        failure = attempt(failure, mappings::close);
        for (DmaBufFd fd : fds) {
            failure = attempt(failure, fd::close);
        }
        if (source != null) {
            failure = attempt(failure, () -> {
                try {
                    source.close();
                } catch (Exception e) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            });
        }
        return failure;
    }
}
