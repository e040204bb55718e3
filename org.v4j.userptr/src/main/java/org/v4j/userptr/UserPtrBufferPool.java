package org.v4j.userptr;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.api.memory.UserPtr;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.ioctl.Syscalls;

/**
 * Process memory for the buffers of one queue: one page-aligned block per plane, at least the
 * plane's sizeimage, allocated once and reused for every QBUF. The memory is freed only after the
 * driver gave every buffer back (STREAMOFF, REQBUFS 0), so the kernel never writes freed memory.
 */
final class UserPtrBufferPool implements BufferPool {
    private final BufferQueue queue;
    private final Arena memory;
    private final List<PrimitiveBufferHandles<UserPtr, UserPtrHandle>> buffers;
    private boolean closed;

    private UserPtrBufferPool(BufferQueue queue, Arena memory, List<PrimitiveBufferHandles<UserPtr, UserPtrHandle>> buffers) {
        this.queue = queue;
        this.memory = memory;
        this.buffers = buffers;
    }

    static UserPtrBufferPool allocate(BufferQueue queue, int count) {
        int granted = queue.requestBuffers(MemoryType.USERPTR, count);
        Arena memory = Arena.ofShared();
        try {
            List<PrimitiveBufferHandles<UserPtr, UserPtrHandle>> buffers = new ArrayList<>(granted);
            for (int index = 0; index < granted; index++) {
                List<UserPtrHandle> planes = new ArrayList<>();
                for (PlaneFormat plane : queue.format().planes()) {
                    long size = Syscalls.pageAlign(plane.sizeImage());
                    planes.add(new UserPtrHandle(memory.allocate(size, Syscalls.PAGE_SIZE)));
                }
                buffers.add(new PrimitiveBufferHandles<>(UserPtr.INSTANCE, planes));
            }
            return new UserPtrBufferPool(queue, memory, List.copyOf(buffers));
        } catch (RuntimeException | OutOfMemoryError e) {
            memory.close();
            try {
                queue.requestBuffers(MemoryType.USERPTR, 0);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public MemoryType memoryType() {
        return MemoryType.USERPTR;
    }

    @Override
    public int size() {
        return buffers.size();
    }

    @Override
    public BufferHandles handles(int index) {
        return buffers.get(index);
    }

    /**
     * STREAMOFF and revoke views, REQBUFS 0, and only then free the memory. If the driver did not
     * give the buffers back (the device failed), the memory is deliberately not freed: the kernel
     * may still hold its pages, and reused memory must never be written by a device.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.reclaim();
            queue.requestBuffers(MemoryType.USERPTR, 0);
        } catch (RuntimeException e) {
            e.addSuppressed(new IllegalStateException(buffers.size()
                    + " USERPTR buffers were not given back by the driver: their memory is kept, not freed"));
            throw e;
        }
        memory.close();
    }
}
