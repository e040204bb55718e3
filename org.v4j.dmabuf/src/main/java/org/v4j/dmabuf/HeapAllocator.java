package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.DmaBufIoctls;
import org.v4j.ioctl.DmaHeapAllocationData;
import org.v4j.ioctl.Syscalls;

/** dma-bufs from the system dma-heap ({@code /dev/dma_heap/system}): page-backed, not contiguous. */
@Component(property = DmaBufAllocator.SOURCE + "=heap")
public final class HeapAllocator implements DmaBufAllocator {
    static final String HEAP = "/dev/dma_heap/system";

    private DeviceFd heap;

    @Override
    public synchronized DmaBufFd allocate(long size) {
        if (heap == null) {
            heap = DeviceFd.open(HEAP);
        }
        long length = (size + 4095) / 4096 * 4096;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment request = call.allocate(DmaHeapAllocationData.LAYOUT);
            DmaHeapAllocationData.LEN.set(request, length);
            DmaHeapAllocationData.FD_FLAGS.set(request, Syscalls.O_RDWR | Syscalls.O_CLOEXEC);
            DmaBufIoctls.heapAlloc(heap, request);
            int fd = (int) DmaHeapAllocationData.FD.get(request);
            return new DmaBufFd(DeviceFd.adopt(fd, "dma-buf from " + HEAP), length);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (heap != null) {
            heap.close();
        }
    }
}
