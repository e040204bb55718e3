package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.util.List;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PrimitiveBufferHandles;

/**
 * Imported dma-bufs backing the buffers of one queue, each also mapped for CPU access. Closing:
 * STREAMOFF and revoke views, REQBUFS 0 (the driver lets go of the dma-bufs), unmap, close the
 * fds, then release the source (an exporter's buffers).
 */
final class DmaBufBufferPool implements BufferPool {
    private final BufferQueue queue;
    private final Arena mappings;
    private final List<PrimitiveBufferHandles<DmaBuf, DmaBufHandle<DmaBufFd>>> buffers;
    private final List<DmaBufFd> fds;
    private final AutoCloseable source;
    private boolean closed;

    DmaBufBufferPool(BufferQueue queue, Arena mappings, List<PrimitiveBufferHandles<DmaBuf, DmaBufHandle<DmaBufFd>>> buffers,
            List<DmaBufFd> fds, AutoCloseable source) {
        this.queue = queue;
        this.mappings = mappings;
        this.buffers = List.copyOf(buffers);
        this.fds = List.copyOf(fds);
        this.source = source;
    }

    @Override
    public MemoryType memoryType() {
        return MemoryType.DMABUF;
    }

    @Override
    public int size() {
        return buffers.size();
    }

    @Override
    public BufferHandles handles(int index) {
        return buffers.get(index);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            queue.reclaim();
            queue.requestBuffers(MemoryType.DMABUF, 0);
        } catch (RuntimeException e) {
            failure = e;
        }
        failure = release(mappings, fds, source, failure);
        if (failure != null) {
            throw failure;
        }
    }

    /** Unmaps, closes every fd, then the source; returns the first failure (or {@code failure}). */
    static RuntimeException release(Arena mappings, List<DmaBufFd> fds, AutoCloseable source, RuntimeException failure) {
        try {
            mappings.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        for (DmaBufFd fd : fds) {
            try {
                fd.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (source != null) {
            try {
                source.close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                failure = failure == null ? r : failure;
            }
        }
        return failure;
    }
}
