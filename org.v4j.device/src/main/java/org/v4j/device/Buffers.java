package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.Imported;
import org.v4j.api.memory.Memory;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.api.memory.SelfBacked;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Syscalls;
import org.v4j.ioctl.V4l2Exportbuffer;
import org.v4j.ioctl.Vidioc;

/**
 * The buffers of one allocation on a queue, and the protocol that makes and frees them, read top
 * to bottom: REQBUFS, then per buffer QUERYBUF (MMAP) and one {@link MemoryProvider#supply} per
 * plane. On any failure, and when freed: STREAMOFF and every view revoked, exported fds closed,
 * memory the device backs itself given back, REQBUFS 0, then imported memory given back (only
 * once the driver let go of it). Every step runs even if one before it failed; the first failure
 * is thrown with the others suppressed.
 *
 * @param <H> the plane handles: known at compile time when allocated with a typed provider
 */
public final class Buffers<H extends PlaneHandle<?>> {
    /** The call that grants buffers, for messages about how many were granted. */
    public static final String ALLOCATION_CALL = Vidioc.REQBUFS.name();
    private static final AtomicLong ALLOCATIONS = new AtomicLong();

    private final BufferQueue queue;
    private final MemoryProvider<H> provider;
    private final MemoryType memoryType;
    private final BufferHandles[] handles;
    private final List<H> supplied = new ArrayList<>();
    private final List<DmaBufFd> exported = new ArrayList<>();
    private boolean selfBacked;
    private boolean closed;

    private Buffers(BufferQueue queue, MemoryProvider<H> provider, MemoryType memoryType, int size) {
        this.queue = queue;
        this.provider = provider;
        this.memoryType = memoryType;
        this.handles = new BufferHandles[size];
    }

    static <H extends PlaneHandle<?>> Buffers<H> allocate(BufferQueue queue, MemoryProvider<H> provider, int count,
            String source) {
        checkCount(queue, count);
        MemoryType type = provider.memoryType();
        int granted = queue.allocation().requestBuffers(type, count);
        Format format = queue.format();
        DeviceAllocation allocation = new DeviceAllocation(ALLOCATIONS.incrementAndGet(), queue.device().fd(),
                queue.device().path(), type, queue.type().isCapture(), granted, format.planes(), format.width(), source);
        Buffers<H> buffers = new Buffers<>(queue, provider, type, granted);
        try {
            for (int index = 0; index < granted; index++) {
                buffers.handles[index] = buffers.supply(allocation, index, format);
            }
            return buffers;
        } catch (RuntimeException | OutOfMemoryError e) {
            try {
                buffers.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Buffers of imported memory whose handles come with each QBUF. */
    static <M extends Imported> Buffers<PlaneHandle<M>> imported(BufferQueue queue, M memory, int count) {
        checkCount(queue, count);
        int granted = queue.allocation().requestBuffers(memory.type(), count);
        return new Buffers<>(queue, null, memory.type(), granted);
    }

    private static void checkCount(BufferQueue queue, int count) {
        if (count < 1 || count > 32) {
            throw new IllegalArgumentException(queue.device().path() + ": " + count
                    + " buffers asked for; between 1 and 32 (VIDEO_MAX_FRAME) can be allocated");
        }
    }

    /** The memory of every plane of buffer {@code index}: QUERYBUF for MMAP, then the provider, plane by plane. */
    private BufferHandles supply(DeviceAllocation allocation, int index, Format format) {
        boolean mmap = memoryType == MemoryType.MMAP;
        BufferStruct queried = mmap ? queue.allocation().queryBuffer(index) : null;
        int planes = mmap ? queried.planeCount() : format.planes().size();
        List<H> planeHandles = new ArrayList<>(planes);
        for (int p = 0; p < planes; p++) {
            long length = mmap ? queried.planeLength(p) : format.planes().get(p).sizeImage();
            PlaneRequest request = new PlaneRequest(allocation, index, p, length, mmap ? queried.planeOffset(p) : 0);
            H handle;
            allocation.supplying(request);
            try {
                handle = provider.supply(request);
            } finally {
                allocation.supplying(null);
            }
            supplied.add(handle);
            if (handle.memory().type() != memoryType) {
                throw new IllegalStateException(provider + " supplied " + handle.memory().type() + " memory for "
                        + memoryType + " buffers");
            }
            selfBacked = handle.memory() instanceof SelfBacked;
            planeHandles.add(handle);
        }
        return handles(planeHandles);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private BufferHandles handles(List<H> planes) {
        Memory memory = planes.getFirst().memory();
        return new PrimitiveBufferHandles(memory, planes);
    }

    public BufferQueue queue() {
        return queue;
    }

    public MemoryType memoryType() {
        return memoryType;
    }

    /** How many buffers. */
    public int size() {
        return handles.length;
    }

    /**
     * The handles the provider supplied for buffer {@code index}; null for imported memory given at
     * QBUF. Not public: their mappings would reach the memory while the driver owns it.
     */
    BufferHandles handles(int index) {
        return handles[index];
    }

    /**
     * VIDIOC_QBUF of buffer {@code index} with {@code planes}: handles of this allocation's kind only,
     * which the compiler checks. Memory a provider supplied is bound to its buffer: only the
     * handles supplied for buffer {@code index} are accepted. Imported memory is checked by
     * {@link Planes#check} (alive, aligned, large enough, not queued on another buffer).
     *
     * @throws IllegalArgumentException for a handle of another buffer, allocation or provider
     */
    public void queue(int index, PrimitiveBufferHandles<?, ? extends H> planes) {
        requireCurrent();
        if (provider != null) {
            BufferHandles own = handles[queue.frame(index).index()];
            for (int p = 0; p < Math.min(own.planeCount(), planes.planeCount()); p++) {
                if (planes.plane(p) != own.plane(p)) {
                    throw new IllegalArgumentException(queue.device().path() + ": plane " + p + " of buffer " + index
                            + ": not the handle " + provider + " supplied for it (one of another buffer, allocation or"
                            + " provider); buffers of supplied memory are queued with their own handles");
                }
            }
        }
        queue.queue(index, planes, provider == null);
    }

    private void requireCurrent() {
        if (closed || queue.buffers() != this) {
            throw new IllegalStateException(queue.device().path() + ": these buffers were freed");
        }
    }

    /** VIDIOC_EXPBUF of one plane, for {@link BufferQueue#export}. */
    synchronized DmaBufFd export(int index, int plane) {
        requireCurrent();
        DeviceFd device = queue.device().fd();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment expbuf = call.allocate(V4l2Exportbuffer.LAYOUT);
            V4l2Exportbuffer.TYPE.set(expbuf, KernelNumbers.value(queue.type()));
            V4l2Exportbuffer.INDEX.set(expbuf, index);
            V4l2Exportbuffer.PLANE.set(expbuf, plane);
            V4l2Exportbuffer.FLAGS.set(expbuf, Syscalls.O_CLOEXEC | Syscalls.O_RDWR);
            Vidioc.expbuf(device, expbuf);
            DmaBufFd fd = new OwnedDmaBuf(DeviceFd.adopt((int) V4l2Exportbuffer.FD.get(expbuf),
                    "dma-buf of " + device.path() + " buffer " + index + " plane " + plane),
                    handles[index].plane(plane).length());
            exported.add(fd);
            return fd;
        }
    }

    /** Frees the buffers: see the class comment for the order. Idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = Attempts.run(null, queue::reclaim);
        for (DmaBufFd fd : exported) {
            failure = Attempts.run(failure, fd::close);
        }
        if (selfBacked) {
            failure = giveBack(failure);
        }
        RuntimeException free = Attempts.run(null, () -> queue.allocation().requestBuffers(memoryType, 0));
        failure = Attempts.merge(failure, free);
        if (!selfBacked && free == null) {
            failure = giveBack(failure);
        } else if (!selfBacked && !supplied.isEmpty()) {
            failure = Attempts.merge(failure, new IllegalStateException(supplied.size() + " " + memoryType
                    + " planes were not given back by the driver of " + queue.device().path()
                    + ": their memory is kept, not freed"));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException giveBack(RuntimeException failure) {
        for (H handle : supplied) {
            failure = Attempts.run(failure, () -> provider.giveBack(handle));
        }
        supplied.clear();
        return failure;
    }

    @Override
    public String toString() {
        return handles.length + " " + memoryType + " buffers of " + queue.device().path() + " " + queue.type();
    }
}
