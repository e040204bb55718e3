package org.v4j.mmap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.AbstractBufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.ExportableBufferPool;
import org.v4j.api.PlaneInfo;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.Mmap;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Syscalls;
import org.v4j.ioctl.V4l2Exportbuffer;
import org.v4j.ioctl.Vidioc;

/**
 * Driver-allocated buffers of one queue: REQBUFS, then QUERYBUF and mmap of every plane. Each
 * mapping belongs to one arena whose close unmaps them all, so a segment can never outlive its
 * mapping: access after close throws instead of touching unmapped memory. Planes can be
 * exported as dma-bufs (EXPBUF); the pool closes those fds before it frees the buffers.
 */
final class MmapBufferPool extends AbstractBufferPool implements ExportableBufferPool {
    private final Arena mappings;
    private final List<PrimitiveBufferHandles<Mmap, MmapHandle>> buffers;
    private final List<DmaBufFd> exported = new ArrayList<>();

    private MmapBufferPool(BufferQueue queue, Arena mappings, List<PrimitiveBufferHandles<Mmap, MmapHandle>> buffers) {
        super(queue, MemoryType.MMAP, buffers);
        this.mappings = mappings;
        this.buffers = buffers;
    }

    static MmapBufferPool allocate(BufferQueue queue, int count) {
        int granted = queue.requestBuffers(MemoryType.MMAP, count);
        Arena mappings = Arena.ofShared();
        try {
            DeviceFd fd = queue.device().fd();
            int prot = queue.type().isCapture() ? Syscalls.PROT_READ : Syscalls.PROT_READ | Syscalls.PROT_WRITE;
            List<PrimitiveBufferHandles<Mmap, MmapHandle>> buffers = new ArrayList<>(granted);
            for (int index = 0; index < granted; index++) {
                List<MmapHandle> planes = new ArrayList<>();
                for (PlaneInfo plane : queue.queryBuffer(index)) {
                    planes.add(new MmapHandle(map(fd, plane, prot, mappings)));
                }
                buffers.add(new PrimitiveBufferHandles<>(Mmap.INSTANCE, planes));
            }
            return new MmapBufferPool(queue, mappings, List.copyOf(buffers));
        } catch (RuntimeException e) {
            try {
                mappings.close();
                queue.requestBuffers(MemoryType.MMAP, 0);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Maps one plane; the mapping is undone when {@code mappings} closes. */
    private static MemorySegment map(DeviceFd fd, PlaneInfo plane, int prot, Arena mappings) {
        long length = plane.length();
        long address = Syscalls.mmap(fd.fd(), fd.path(), length, prot, plane.memOffset());
        return MemorySegment.ofAddress(address).reinterpret(length, mappings,
                segment -> Syscalls.munmap(address, length, fd.path()));
    }

    @Override
    public synchronized DmaBufFd export(int index, int plane) {
        if (isClosed()) {
            throw new IllegalStateException(queue.device().path() + ": buffers already freed");
        }
        MmapHandle handle = buffers.get(index).plane(plane);
        DeviceFd device = queue.device().fd();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment expbuf = call.allocate(V4l2Exportbuffer.LAYOUT);
            V4l2Exportbuffer.TYPE.set(expbuf, queue.type().value());
            V4l2Exportbuffer.INDEX.set(expbuf, index);
            V4l2Exportbuffer.PLANE.set(expbuf, plane);
            V4l2Exportbuffer.FLAGS.set(expbuf, Syscalls.O_CLOEXEC | Syscalls.O_RDWR);
            Vidioc.expbuf(device, expbuf);
            DmaBufFd fd = new DmaBufFd(DeviceFd.adopt((int) V4l2Exportbuffer.FD.get(expbuf),
                    "dma-buf of " + device.path() + " buffer " + index + " plane " + plane), handle.length());
            exported.add(fd);
            return fd;
        }
    }

    /** REQBUFS 0 needs every export closed and every plane unmapped. */
    @Override
    protected synchronized void releaseBeforeFree() {
        RuntimeException failure = null;
        for (DmaBufFd fd : exported) {
            failure = attempt(failure, fd::close);
        }
        failure = attempt(failure, mappings::close);
        if (failure != null) {
            throw failure;
        }
    }
}
