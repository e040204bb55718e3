package org.v4j.userptr;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.AbstractBufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.PlaneFormat;
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
final class UserPtrBufferPool extends AbstractBufferPool {
    private final Arena memory;

    private UserPtrBufferPool(BufferQueue queue, Arena memory, List<PrimitiveBufferHandles<UserPtr, UserPtrHandle>> buffers) {
        super(queue, MemoryType.USERPTR, buffers);
        this.memory = memory;
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
            return new UserPtrBufferPool(queue, memory, buffers);
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

    /**
     * Frees the memory, unless the driver did not give the buffers back (the device failed): then
     * the kernel may still hold its pages, and reused memory must never be written by a device.
     */
    @Override
    protected void releaseAfterFree(boolean driverGaveBack) {
        if (!driverGaveBack) {
            throw new IllegalStateException(size()
                    + " USERPTR buffers were not given back by the driver: their memory is kept, not freed");
        }
        memory.close();
    }
}
