package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Mman;

/**
 * The device layer's {@link Allocation}: it keeps the device fd to itself and maps the driver's
 * memory only for the one request {@link Buffers} is supplying, on the thread supplying it, with
 * the protection the queue's direction allows. A request made up elsewhere, kept for later or
 * passed to another thread maps nothing.
 */
final class DeviceAllocation implements Allocation {
    private final long id;
    private final DeviceFd fd;
    private final String device;
    private final MemoryType memoryType;
    private final boolean capture;
    private final int buffers;
    private final List<PlaneFormat> planes;
    private final int width;
    private final String source;
    private PlaneRequest supplying;
    private Thread supplier;

    DeviceAllocation(long id, DeviceFd fd, String device, MemoryType memoryType, boolean capture, int buffers,
            List<PlaneFormat> planes, int width, String source) {
        this.id = id;
        this.fd = fd;
        this.device = device;
        this.memoryType = memoryType;
        this.capture = capture;
        this.buffers = buffers;
        this.planes = List.copyOf(planes);
        this.width = width;
        this.source = source;
    }

    /** Opens the window in which {@code request} (and only it) may be mapped, on this thread. */
    synchronized void supplying(PlaneRequest request) {
        supplying = request;
        supplier = request == null ? null : Thread.currentThread();
    }

    @Override
    public MemorySegment map(PlaneRequest request, Arena arena) {
        synchronized (this) {
            if (memoryType != MemoryType.MMAP) {
                throw new IllegalStateException(device + ": " + memoryType + " buffers have no driver memory to map");
            }
            if (request == null || request != supplying || supplier != Thread.currentThread()) {
                throw new IllegalStateException(device + ": not mapped: " + request + " is not the plane being supplied"
                        + " on this thread; driver memory is mapped only for the request the device layer makes, while it asks");
            }
        }
        long length = request.length();
        int prot = capture ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
        long address = Mman.mmap(fd.fd(), device, length, prot, request.offset());
        MemorySegment mapping;
        try {
            mapping = MemorySegment.ofAddress(address).reinterpret(length, arena, s -> Mman.munmap(address, length, device));
        } catch (RuntimeException e) { // the arena was closed or is not the caller's: nothing stays mapped
            Mman.munmap(address, length, device);
            throw e;
        }
        return capture ? mapping.asReadOnly() : mapping;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public boolean capture() {
        return capture;
    }

    @Override
    public int buffers() {
        return buffers;
    }

    @Override
    public List<PlaneFormat> planes() {
        return planes;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Allocation " + id + " of " + device + " (" + memoryType + ", " + buffers + " buffers)";
    }
}
