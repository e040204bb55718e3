package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.osgi.service.component.annotations.Component;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.device.OwnedDmaBuf;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.DmaBufIoctls;
import org.v4j.ioctl.DmaHeapAllocationData;
import org.v4j.ioctl.Syscalls;

/** dma-bufs from the system dma-heap ({@code /dev/dma_heap/system}): page-backed, not contiguous. Holds no fd between allocations. */
@Component(property = DmaBufAllocator.SOURCE + "=heap")
public final class HeapAllocator implements DmaBufAllocator {
    static final String HEAP = "/dev/dma_heap/system";

    @Override
    public DmaBufFd allocate(long size) {
        long length = Syscalls.pageAlign(size);
        try (DeviceFd heap = DeviceFd.open(HEAP); Arena call = Arena.ofConfined()) {
            MemorySegment request = call.allocate(DmaHeapAllocationData.LAYOUT);
            DmaHeapAllocationData.LEN.set(request, length);
            DmaHeapAllocationData.FD_FLAGS.set(request, Syscalls.O_RDWR | Syscalls.O_CLOEXEC);
            DmaBufIoctls.heapAlloc(heap, request);
            int fd = (int) DmaHeapAllocationData.FD.get(request);
            return new OwnedDmaBuf(DeviceFd.adopt(fd, "dma-buf from " + HEAP), length);
        }
    }
}
