package org.v4j.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.EventFd;
import org.v4j.ioctl.Syscalls;
import org.v4j.ioctl.V4l2Buffer;
import org.v4j.ioctl.V4l2Exception;
import org.v4j.ioctl.V4l2Plane;
import org.v4j.ioctl.V4l2Requestbuffers;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Vidioc;

/**
 * The buffer queue of one type on one device, and the owner of its buffers: a queued buffer
 * belongs to the driver, a dequeued one to the user. Plane handles travel with the buffer — QBUF
 * takes them, DQBUF and STREAMOFF give them back — and a plane's memory can be read through its
 * {@link Frame} only while the user owns the buffer.
 *
 * <p>One thread drives a queue (queue, dequeue, stream on/off). The streaming path reuses
 * pre-allocated structs and frames and allocates nothing per frame. Any thread may
 * {@link #wakeup()} that thread out of {@link #dequeue} or {@link #awaitWakeup}.
 */
public final class BufferQueue {
    private static final int MAX_PLANES = (int) V4l2Plane.ARRAY.elementCount();

    private final Device device;
    private final BufferType type;
    private final MemorySegment buffer;
    private final MemorySegment planes;
    private final MemorySegment pollfd;
    private final MemorySegment wakePollfd;
    private final MemorySegment reqbufs;
    private final EventFd wake;
    private MemoryType memory;
    private Format format;
    private Frame[] frames = new Frame[0];
    private boolean streaming;
    private int queuedCount;
    private boolean eventPending;
    private boolean hungUp;
    private BufferPool pool;

    BufferQueue(Device device, BufferType type, Arena arena) {
        this.device = device;
        this.type = type;
        this.buffer = arena.allocate(V4l2Buffer.LAYOUT);
        this.planes = arena.allocate(V4l2Plane.ARRAY);
        this.pollfd = arena.allocate(Syscalls.POLLFD, 2);
        this.wakePollfd = pollfd.asSlice(Syscalls.POLLFD.byteSize(), Syscalls.POLLFD.byteSize());
        this.reqbufs = arena.allocate(V4l2Requestbuffers.LAYOUT);
        this.wake = EventFd.open("eventfd of " + device.path() + " " + type);
    }

    public Device device() {
        return device;
    }

    public BufferType type() {
        return type;
    }

    /** The memory type of the allocated buffers, or null when none are allocated. */
    public MemoryType memoryType() {
        return memory;
    }

    /** The format the buffers were allocated for. */
    public Format format() {
        return format;
    }

    /** How many buffers are allocated. */
    public int size() {
        return frames.length;
    }

    public boolean isStreaming() {
        return streaming;
    }

    /** How many buffers the driver owns now. */
    public int queuedCount() {
        return queuedCount;
    }

    /**
     * Allocates {@code count} buffers from {@code provider}, taking memory from {@code source}
     * (provider-specific, null for its default); this queue frees them when it is closed or when
     * {@link #free()} is called.
     */
    public BufferPool allocate(MemoryProvider provider, int count, String source) {
        if (pool != null) {
            throw new IllegalStateException(device.path() + ": buffers already allocated (" + memory + "); free them first");
        }
        BufferPool allocated = provider.allocate(this, count, source);
        if (allocated.memoryType() != memory || allocated.size() != frames.length) {
            allocated.close();
            throw new IllegalStateException(provider + " returned a pool that does not match its REQBUFS");
        }
        for (int i = 0; i < frames.length; i++) {
            frames[i].attach(allocated.handles(i));
        }
        pool = allocated;
        return allocated;
    }

    /** The frame of buffer {@code index}: for output, fill its planes and then {@link #queue} it. */
    public Frame frame(int index) {
        checkIndex(index);
        return frames[index];
    }

    /** The pool the buffers came from, or null. */
    public BufferPool pool() {
        return pool;
    }

    /**
     * Stops streaming, revokes every view, and frees the buffers through their pool — the pool
     * even when STREAMOFF failed (a removed device answers ENODEV, and its mappings must go all
     * the same). The first failure is thrown, the others suppressed.
     */
    public void free() {
        BufferPool current = pool;
        pool = null;
        RuntimeException failure = null;
        try {
            reclaim();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * VIDIOC_REQBUFS: asks the driver for {@code count} buffers of {@code memoryType} and returns
     * how many it granted; {@code count} 0 frees them (every mapping must be gone by then). For
     * memory providers.
     */
    public int requestBuffers(MemoryType memoryType, int count) {
        if (count == 0) {
            reclaim();
        } else if (memory != null && frames.length > 0) {
            throw new IllegalStateException(device.path() + ": " + frames.length + " " + memory
                    + " buffers are still allocated");
        }
        reqbufs.fill((byte) 0);
        V4l2Requestbuffers.COUNT.set(reqbufs, count);
        V4l2Requestbuffers.TYPE.set(reqbufs, type.value());
        V4l2Requestbuffers.MEMORY.set(reqbufs, memoryType.value());
        try {
            Vidioc.reqbufs(device.fd(), reqbufs);
        } catch (V4l2Exception e) {
            if (e.errno() == Errno.EINVAL && count > 0) {
                throw new V4l2Exception(memoryType + " streaming not supported for " + type, device.path(),
                        e.call(), e.errno(), e);
            }
            throw e;
        }
        int granted = (int) V4l2Requestbuffers.COUNT.get(reqbufs);
        if (count == 0) {
            memory = null;
            frames = new Frame[0];
            pool = null;
            return 0;
        }
        if (granted == 0) {
            throw new V4l2Exception("the driver granted no " + memoryType + " buffers", device.path(), "VIDIOC_REQBUFS", 0);
        }
        memory = memoryType;
        format = device.format(type);
        frames = new Frame[granted];
        for (int i = 0; i < granted; i++) {
            frames[i] = new Frame(this, i, format.planes().size());
        }
        return granted;
    }

    /**
     * The memory types the driver supports on this queue: the {@code V4L2_BUF_CAP_SUPPORTS_*}
     * flags of REQBUFS with count 0; a driver that reports none is probed with REQBUFS 0 for each
     * type (EINVAL: not supported). Only while no buffers are allocated, as REQBUFS 0 frees them.
     */
    public Set<MemoryType> supportedMemory() {
        if (memory != null) {
            throw new IllegalStateException(device.path() + ": " + frames.length + " " + memory
                    + " buffers are allocated; probing would free them");
        }
        int capabilities = probe(MemoryType.MMAP) ? bufferCapabilities() : 0;
        Set<MemoryType> supported = EnumSet.noneOf(MemoryType.class);
        for (MemoryType type : MemoryType.values()) {
            if (capabilities != 0 ? (capabilities & type.supportsFlag()) != 0 : probe(type)) {
                supported.add(type);
            }
        }
        return supported;
    }

    private boolean probe(MemoryType memoryType) {
        try {
            requestBuffers(memoryType, 0);
            return true;
        } catch (V4l2Exception e) {
            if (e.errno() == Errno.EINVAL) {
                return false;
            }
            throw e;
        }
    }

    /** The {@code V4L2_BUF_CAP_*} flags the last REQBUFS reported. */
    public int bufferCapabilities() {
        return (int) V4l2Requestbuffers.CAPABILITIES.get(reqbufs);
    }

    /** VIDIOC_QUERYBUF: length and mmap offset of every plane of buffer {@code index}. */
    public List<PlaneInfo> queryBuffer(int index) {
        checkIndex(index);
        prepare(index, memory);
        Vidioc.querybuf(device.fd(), buffer);
        List<PlaneInfo> info = new ArrayList<>();
        if (type.isMultiplanar()) {
            int n = (int) V4l2Buffer.LENGTH.get(buffer);
            for (int p = 0; p < n; p++) {
                info.add(new PlaneInfo((int) V4l2Plane.LENGTH_AT.get(planes, (long) p),
                        Integer.toUnsignedLong((int) V4l2Plane.M_MEM_OFFSET_AT.get(planes, (long) p))));
            }
        } else {
            info.add(new PlaneInfo((int) V4l2Buffer.LENGTH.get(buffer),
                    Integer.toUnsignedLong((int) V4l2Buffer.M_OFFSET.get(buffer))));
        }
        return info;
    }

    /**
     * VIDIOC_QBUF: hands buffer {@code index}, backed by {@code handles}, to the driver (for output
     * with the bytes used its {@link Frame} holds). Every view of its planes is revoked first. On
     * failure the buffer and its handles stay with the user.
     *
     * @throws IllegalArgumentException for handles of another memory type or plane count, or
     *         imported memory smaller than the format's plane size (before any ioctl)
     * @throws IllegalStateException    when the driver already owns the buffer
     */
    public void queue(int index, BufferHandles handles) {
        checkIndex(index);
        if (handles.memoryType() != memory) {
            throw new IllegalArgumentException(device.path() + ": " + handles.memoryType() + " handles for a queue of "
                    + memory + " buffers");
        }
        Frame frame = frames[index];
        if (handles.planeCount() != frame.planeCount()) {
            throw new IllegalArgumentException(device.path() + ": " + handles.planeCount() + " plane handles for a "
                    + frame.planeCount() + "-plane format (" + format.describe() + ")");
        }
        if (frame.isQueued()) {
            throw new IllegalStateException(device.path() + ": buffer " + index + " is already queued (the driver owns it)");
        }
        for (int p = 0; p < handles.planeCount(); p++) {
            long needed = format.planes().get(p).sizeImage();
            if (!(handles.plane(p) instanceof MmapHandle) && handles.plane(p).length() < needed) {
                throw new IllegalArgumentException(device.path() + ": buffer " + index + " plane " + p + ": "
                        + handles.memoryType() + " memory of " + handles.plane(p).length() + " bytes, the format needs "
                        + needed + " (sizeimage of " + format.describe() + ")");
            }
        }
        frame.revoke();
        prepare(index, memory);
        if (type.isMultiplanar()) {
            V4l2Buffer.LENGTH.set(buffer, handles.planeCount());
        }
        for (int p = 0; p < handles.planeCount(); p++) {
            describe(handles.plane(p), p, type.isCapture() ? 0 : frame.bytesUsed(p));
        }
        int errno = Vidioc.qbuf(device.fd(), buffer);
        if (errno != 0) {
            throw V4l2Exception.failed(device.path(), Vidioc.QBUF.name(), errno);
        }
        frame.queued(handles);
        queuedCount++;
    }

    /** Writes what the driver needs to know about one plane: where its memory is, and bytes used (output). */
    private void describe(PlaneHandle<?> handle, int plane, int bytesUsed) {
        boolean mp = type.isMultiplanar();
        switch (handle) {
            case MmapHandle mmap -> {
                // the driver owns MMAP memory: nothing to pass
            }
            case UserPtrHandle user -> {
                if (mp) {
                    V4l2Plane.M_USERPTR_AT.set(planes, (long) plane, user.segment().address());
                    V4l2Plane.LENGTH_AT.set(planes, (long) plane, (int) user.length());
                } else {
                    V4l2Buffer.M_USERPTR.set(buffer, user.segment().address());
                    V4l2Buffer.LENGTH.set(buffer, (int) user.length());
                }
            }
            case DmaBufHandle<?> dmabuf -> {
                if (mp) {
                    V4l2Plane.M_FD_AT.set(planes, (long) plane, dmabuf.source().fd());
                    V4l2Plane.LENGTH_AT.set(planes, (long) plane, (int) dmabuf.length());
                } else {
                    V4l2Buffer.M_FD.set(buffer, dmabuf.source().fd());
                    V4l2Buffer.LENGTH.set(buffer, (int) dmabuf.length());
                }
            }
        }
        if (mp) {
            V4l2Plane.BYTESUSED_AT.set(planes, (long) plane, bytesUsed);
        } else {
            V4l2Buffer.BYTESUSED.set(buffer, bytesUsed);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a filled buffer and dequeues it (VIDIOC_DQBUF). With
     * no buffer queued it waits only for a {@link #wakeup()}, an event or the device's removal.
     * The same wait notes a pending event (POLLPRI, see {@link #takeEventPending()}).
     *
     * @return the buffer as a frame the user now owns, or null when none was ready in time or
     *         the wait was woken up
     * @throws V4l2Exception with ENODEV once the device was removed
     */
    public Frame dequeue(int timeoutMillis) {
        requireStreaming();
        if ((poll(queuedCount > 0, timeoutMillis) & DEVICE_READY) == 0) {
            return null;
        }
        return dqbuf();
    }

    /**
     * VIDIOC_DQBUF without waiting, for a thread that waits on several queues with a
     * {@link Poller}: the filled buffer, or null when none is ready.
     *
     * @throws V4l2Exception with ENODEV once the device was removed
     */
    public Frame dequeueReady() {
        requireStreaming();
        if (hungUp) {
            throw removed();
        }
        return queuedCount > 0 ? dqbuf() : null;
    }

    private void requireStreaming() {
        if (!streaming) {
            throw new IllegalStateException(device.path() + ": not streaming");
        }
    }

    private Frame dqbuf() {
        prepare(0, memory);
        int errno = Vidioc.dqbuf(device.fd(), buffer);
        if (errno == Errno.EAGAIN) {
            return null;
        }
        if (errno != 0) {
            throw V4l2Exception.failed(device.path(), Vidioc.DQBUF.name(), errno);
        }
        Frame frame = frames[(int) V4l2Buffer.INDEX.get(buffer)];
        frame.dequeued(buffer, type.isMultiplanar() ? planes : null);
        queuedCount--;
        return frame;
    }

    /**
     * Whether the last wait saw POLLPRI (an event to dequeue with {@link Device#dequeueEvent()})
     * since the last call; resets it.
     */
    public boolean takeEventPending() {
        boolean pending = eventPending;
        eventPending = false;
        return pending;
    }

    /**
     * Waits up to {@code timeoutMillis} for a {@link #wakeup()}; true if one came. The wait also
     * ends on an event (see {@link #takeEventPending()}).
     *
     * @throws V4l2Exception with ENODEV once the device was removed
     */
    public boolean awaitWakeup(int timeoutMillis) {
        return (poll(false, timeoutMillis) & WOKEN) != 0;
    }

    /** Wakes the thread in {@link #dequeue} or {@link #awaitWakeup}; from any thread. */
    public void wakeup() {
        wake.signal();
    }

    private static final int DEVICE_READY = 1, WOKEN = 2, EVENT = 4;

    /**
     * The poll events this queue waits for on its device: POLLPRI (events, and the hang-up of a
     * removed node, which the kernel reports whatever was asked) and, while the driver owns
     * buffers, POLLIN (capture) or POLLOUT (output). Without buffers queued vb2 would report
     * POLLERR at once, so only POLLPRI is asked then.
     */
    short pollEvents(boolean buffers) {
        return (short) (Syscalls.POLLPRI | (buffers ? (type.isCapture() ? Syscalls.POLLIN : Syscalls.POLLOUT) : 0));
    }

    /** Whether the driver owns buffers now, so that readiness means a buffer to dequeue. */
    boolean awaitsBuffers() {
        return streaming && queuedCount > 0;
    }

    /**
     * Notes what a wait returned for the device: an event pending (POLLPRI), or, while no
     * buffer was waited for, the hang-up of a removed node. Returns {@link #DEVICE_READY} and
     * {@link #EVENT} bits.
     */
    int polled(int revents, boolean buffers) {
        int result = 0;
        if (!buffers && (revents & Syscalls.POLLHUP) != 0) {
            hungUp = true;
        }
        if ((revents & Syscalls.POLLPRI) != 0) {
            eventPending = true;
            result |= EVENT;
        }
        if (buffers && (revents & ~Syscalls.POLLPRI) != 0) {
            result |= DEVICE_READY;
        }
        return result;
    }

    private V4l2Exception removed() {
        return V4l2Exception.failed(device.path(), "poll", Errno.ENODEV);
    }

    /**
     * Polls the device (for buffers too if {@code buffers}) and the wakeup eventfd, draining the
     * latter. Returns {@link #DEVICE_READY}, {@link #WOKEN} and {@link #EVENT} bits.
     */
    private int poll(boolean buffers, int timeoutMillis) {
        MemorySegment wakeFd = wakePollfd;
        Syscalls.POLLFD_FD.set(pollfd, device.fd().fd());
        Syscalls.POLLFD_EVENTS.set(pollfd, pollEvents(buffers));
        Syscalls.POLLFD_REVENTS.set(pollfd, (short) 0);
        Syscalls.POLLFD_FD.set(wakeFd, wake.fd());
        Syscalls.POLLFD_EVENTS.set(wakeFd, Syscalls.POLLIN);
        Syscalls.POLLFD_REVENTS.set(wakeFd, (short) 0);
        int ready = Syscalls.pollErrno(pollfd, 2, timeoutMillis);
        if (ready < 0 && -ready != Errno.EINTR) {
            throw V4l2Exception.failed(device.path(), "poll", -ready);
        }
        if (ready <= 0) {
            return 0;
        }
        int result = 0;
        if ((short) Syscalls.POLLFD_REVENTS.get(wakeFd) != 0) {
            wake.drain();
            result = WOKEN;
        }
        result |= polled((short) Syscalls.POLLFD_REVENTS.get(pollfd), buffers);
        if (hungUp) {
            throw removed();
        }
        return result;
    }

    /** VIDIOC_STREAMON. */
    public void streamOn() {
        Vidioc.streamon(device.fd(), type.value());
        streaming = true;
    }

    /** VIDIOC_STREAMOFF: the driver gives every queued buffer back to the user. */
    public void streamOff() {
        if (streaming) {
            streaming = false;
            Vidioc.streamoff(device.fd(), type.value());
        }
        for (Frame frame : frames) {
            frame.returned();
        }
        queuedCount = 0;
    }

    /**
     * Takes every buffer back to be freed: stops streaming and retires every frame, revoking its
     * views, even one the application retains. Afterwards no Java code can reach the buffers'
     * memory, so it may be unmapped or freed. Idempotent.
     */
    public void reclaim() {
        RuntimeException failure = null;
        try {
            streamOff();
        } catch (RuntimeException e) {
            streaming = false;
            failure = e;
        }
        queuedCount = 0;
        for (Frame frame : frames) {
            frame.returned();
            try {
                frame.retire();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Frees everything this queue holds. Called by {@link Device#close()}. */
    void close() {
        try {
            if (pool != null) {
                free();
            } else {
                reclaim();
            }
        } finally {
            wake.close();
        }
    }

    private void prepare(int index, MemoryType memoryType) {
        buffer.fill((byte) 0);
        V4l2Buffer.INDEX.set(buffer, index);
        V4l2Buffer.TYPE.set(buffer, type.value());
        V4l2Buffer.MEMORY.set(buffer, memoryType.value());
        if (type.isMultiplanar()) {
            planes.fill((byte) 0);
            V4l2Buffer.M_PLANES.set(buffer, planes);
            V4l2Buffer.LENGTH.set(buffer, MAX_PLANES);
        }
    }

    private void checkIndex(int index) {
        if (memory == null) {
            throw new IllegalStateException(device.path() + ": no buffers allocated (VIDIOC_REQBUFS)");
        }
        if (index < 0 || index >= frames.length) {
            throw new IndexOutOfBoundsException(device.path() + ": buffer " + index + " of " + frames.length);
        }
    }
}
