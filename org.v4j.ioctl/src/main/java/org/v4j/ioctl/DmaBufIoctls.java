package org.v4j.ioctl;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The dma-buf ioctls: CPU-access bracketing on a dma-buf, allocation from a dma-heap, and
 * udmabuf creation from a memfd. One typed method per ioctl, like {@link Vidioc}.
 */
public final class DmaBufIoctls {
    public static final Ioctl DMA_BUF_IOCTL_SYNC = Ioctl.iow("DMA_BUF_IOCTL_SYNC", 'b', 0, DmaBufSync.LAYOUT);
    public static final Ioctl DMA_HEAP_IOCTL_ALLOC = Ioctl.iowr("DMA_HEAP_IOCTL_ALLOC", 'H', 0, DmaHeapAllocationData.LAYOUT);
    public static final Ioctl UDMABUF_CREATE = Ioctl.iow("UDMABUF_CREATE", 'u', 0x42, UdmabufCreate.LAYOUT);

    /** Every request defined here, for the conformance test against the C headers. */
    public static final List<Ioctl> ALL = List.of(DMA_BUF_IOCTL_SYNC, DMA_HEAP_IOCTL_ALLOC, UDMABUF_CREATE);

    private DmaBufIoctls() {}

    /**
     * DMA_BUF_IOCTL_SYNC on dma-buf {@code fd}; {@code sync} is a {@link DmaBufSync} with its flags
     * set. Twice per frame that reads a dma-buf, so it takes the hot path: no errno capture (a
     * slice per call), repeated with capture only after a failure, which changes nothing.
     */
    public static void sync(int fd, String name, MemorySegment sync) {
        int errno = DMA_BUF_IOCTL_SYNC.repeatable(fd, sync);
        if (errno != 0) {
            throw Errno.failed(name, DMA_BUF_IOCTL_SYNC.name(), errno);
        }
    }

    /** DMA_HEAP_IOCTL_ALLOC on a heap node; the new dma-buf fd is written back into the struct. */
    public static void heapAlloc(DeviceFd heap, MemorySegment allocation) {
        heap.ioctl(DMA_HEAP_IOCTL_ALLOC, allocation);
    }

    /** UDMABUF_CREATE on /dev/udmabuf; returns the new dma-buf fd. */
    public static int udmabufCreate(DeviceFd udmabuf, MemorySegment create) {
        return UDMABUF_CREATE.call(udmabuf.fd(), udmabuf.path(), create);
    }
}
