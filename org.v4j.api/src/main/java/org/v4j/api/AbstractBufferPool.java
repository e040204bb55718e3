package org.v4j.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.MemoryType;

/**
 * The life cycle every provider's buffers share. Closing, in this order and once: stop the queue
 * and revoke every view, {@link #releaseBeforeFree()} (what REQBUFS 0 needs gone, such as MMAP
 * mappings and exports), REQBUFS 0, then {@link #releaseAfterFree(boolean)} (memory the driver
 * used until then). Every step runs even if one before it failed; the first failure is thrown
 * with the others suppressed.
 */
@ConsumerType
public abstract class AbstractBufferPool implements BufferPool {
    protected final BufferQueue queue;
    private final MemoryType memoryType;
    private final List<? extends BufferHandles> buffers;
    private boolean closed;

    protected AbstractBufferPool(BufferQueue queue, MemoryType memoryType, List<? extends BufferHandles> buffers) {
        this.queue = queue;
        this.memoryType = memoryType;
        this.buffers = List.copyOf(buffers);
    }

    @Override
    public final MemoryType memoryType() {
        return memoryType;
    }

    @Override
    public final int size() {
        return buffers.size();
    }

    @Override
    public final BufferHandles handles(int index) {
        return buffers.get(index);
    }

    protected final synchronized boolean isClosed() {
        return closed;
    }

    /** Releases what must be gone before REQBUFS 0 can free the buffers. */
    protected void releaseBeforeFree() {}

    /**
     * Releases what the driver could use until REQBUFS 0.
     *
     * @param driverGaveBack false when REQBUFS 0 failed: the kernel may still hold the memory
     */
    protected void releaseAfterFree(boolean driverGaveBack) {}

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = attempt(null, queue::reclaim);
        failure = attempt(failure, this::releaseBeforeFree);
        RuntimeException free = attempt(null, () -> queue.requestBuffers(memoryType, 0));
        failure = merge(failure, free);
        failure = attempt(failure, () -> releaseAfterFree(free == null));
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs {@code step}; returns the first failure so far, later ones suppressed into it. */
    protected static RuntimeException attempt(RuntimeException failure, Runnable step) {
        try {
            step.run();
            return failure;
        } catch (RuntimeException e) {
            return merge(failure, e);
        }
    }

    private static RuntimeException merge(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        if (next != null) {
            first.addSuppressed(next);
        }
        return first;
    }
}
