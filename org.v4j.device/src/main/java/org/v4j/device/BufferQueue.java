package org.v4j.device;

import java.lang.foreign.Arena;
import java.util.Set;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.Imported;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.SelfBacked;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Vidioc;

/**
 * The buffer queue of one type on one device, and the owner of its buffers: a queued buffer
 * belongs to the driver, a dequeued one to the user. Plane handles travel with the buffer (QBUF
 * takes them, DQBUF and STREAMOFF give them back) and a plane's memory can be read through its
 * {@link DeviceFrame} only while the user owns the buffer. The whole buffer protocol is here and
 * in {@link Buffers}: REQBUFS, QUERYBUF (the allocation half, {@link QueueAllocation}), QBUF/DQBUF,
 * EXPBUF and the rollback of every failure; memory providers only supply the memory of one plane.
 *
 * <p>Any thread may call any method: each runs under the queue's lock, so two threads never
 * interleave in its structs. One thread at a time waits in {@link #dequeue} or
 * {@link #awaitWakeup}; a second is refused, naming the first, rather than both racing for one
 * buffer. Any thread may {@link #wakeup()} the waiter, and {@link Device#close()} from any thread
 * wakes it with {@code device closed}. The streaming path reuses pre-allocated structs and
 * frames and allocates nothing per frame.
 */
public final class BufferQueue {
    private final Device device;
    private final BufferType type;
    private final BufferStruct struct;
    private final QueueAllocation allocation;
    private final QueueWait wait;
    // written under the lock, read without it
    private volatile boolean streaming;
    /** The driver gave its last buffer (V4L2_BUF_FLAG_LAST, then DQBUF EPIPE) until STREAMOFF. */
    private volatile boolean drained;
    private volatile int queuedCount;
    private final ViewConfinement confinement = new ViewConfinement();

    BufferQueue(Device device, BufferType type, Arena arena) {
        this.device = device;
        this.type = type;
        this.struct = new BufferStruct(type, arena);
        this.allocation = new QueueAllocation(this, struct, arena);
        this.wait = new QueueWait(this);
        wait.start();
    }

    public Device device() {
        return device;
    }

    public BufferType type() {
        return type;
    }

    /** The memory type of the allocated buffers, or null when none are allocated. */
    public MemoryType memoryType() {
        return allocation.memory();
    }

    /** The format the buffers were allocated for. */
    public Format format() {
        return allocation.format();
    }

    /** How many buffers are allocated. */
    public int size() {
        return allocation.frames().length;
    }

    public boolean isStreaming() {
        return streaming;
    }

    /**
     * Whether the driver marked the end of this (capture) queue's stream: it gave a buffer with
     * {@code V4L2_BUF_FLAG_LAST} (after VIDIOC_ENCODER_CMD/DECODER_CMD STOP, or before a decoder's
     * resolution change), or DQBUF answered EPIPE. Nothing more is dequeued until STREAMOFF,
     * which resets it; dequeues meanwhile return null.
     */
    public boolean isDrained() {
        return drained;
    }

    /** How many buffers the driver owns now. */
    public int queuedCount() {
        return queuedCount;
    }

    /**
     * Allocates about {@code count} buffers whose planes {@code provider} backs, taking memory from
     * {@code source} (provider-specific, null for its default). On failure everything taken so far
     * is given back and the kernel buffers are freed.
     */
    public synchronized <H extends PlaneHandle<?>> Buffers<H> allocate(MemoryProvider<H> provider, int count,
            String source) {
        allocation.requireNoBuffers();
        return allocation.install(Buffers.allocate(this, provider, count, source));
    }

    /**
     * Allocates about {@code count} buffers of imported memory whose handles the caller gives with
     * each QBUF ({@link Buffers#queue(int, org.v4j.api.memory.PrimitiveBufferHandles)}).
     */
    public synchronized <M extends Imported> Buffers<PlaneHandle<M>> allocate(M memory, int count) {
        allocation.requireNoBuffers();
        return allocation.install(Buffers.imported(this, memory, count));
    }

    /** The allocation half: REQBUFS and QUERYBUF, for {@link Buffers}. */
    QueueAllocation allocation() {
        return allocation;
    }

    /**
     * Makes the calling thread this queue's own: the views it takes of frames it does not retain
     * are confined to it (cheap to revoke per frame); only it can then queue or free a buffer with
     * such views open, and such a view read on another thread throws {@link WrongThreadException}.
     * To read a frame on another thread, retain it and take its views there. See
     * {@link ViewConfinement} for what {@link Device#close()} does then.
     */
    public void confineViews() {
        confinement.confineTo(Thread.currentThread());
    }

    /** The thread that {@link #confineViews() confined} views to, or null. */
    Thread viewsConfinedTo() {
        return confinement.owner();
    }

    /** Why the calling thread cannot revoke every view of this queue now, or null. */
    synchronized String revocationRefused() {
        return ViewConfinement.refused(allocation.frames());
    }

    /** For a closing device: the calling thread, if it owns this queue, revokes its views. */
    synchronized void revokeOwnViews() {
        confinement.revokeOwn(allocation.frames());
    }

    /** The buffers allocated now, or null. */
    public Buffers<?> buffers() {
        return allocation.buffers();
    }

    /** The frame of buffer {@code index}: for output, fill its planes and then {@link #queue} it. */
    public DeviceFrame frame(int index) {
        allocation.checkIndex(index);
        return allocation.frames()[index];
    }

    /**
     * Exports plane {@code plane} of buffer {@code index} as a new close-on-exec dma-buf fd
     * (VIDIOC_EXPBUF). Only memory the device backs itself can be exported, which the type of
     * {@code from} says at compile time. The buffers own the fd and close it before they are freed.
     */
    public synchronized DmaBufFd export(Buffers<? extends PlaneHandle<? extends SelfBacked>> from, int index, int plane) {
        if (from != allocation.buffers()) {
            throw new IllegalArgumentException(device.path() + ": those buffers are not this queue's (freed or foreign)");
        }
        allocation.checkIndex(index);
        return from.export(index, plane);
    }

    /**
     * Stops streaming, revokes every view, and frees the buffers (their memory given back to its
     * provider, REQBUFS 0) even when STREAMOFF failed: a removed device answers ENODEV, and its
     * mappings must go all the same. The first failure is thrown, the others suppressed.
     */
    public synchronized void free() {
        String refused = revocationRefused();
        if (refused != null) {
            throw new IllegalStateException(refused + " (buffers not freed)");
        }
        Buffers<?> current = allocation.uninstall();
        if (current != null) {
            current.close();
        } else {
            reclaim();
        }
    }

    /**
     * The memory types the driver supports on this queue (REQBUFS 0's capability flags, or a probe
     * per type). Only while no buffers are allocated, as REQBUFS 0 frees them.
     */
    public synchronized Set<MemoryType> supportedMemory() {
        return allocation.supportedMemory();
    }

    /**
     * VIDIOC_QBUF of buffer {@code index} with the handles it holds: those its buffers were
     * allocated with, or those DQBUF gave back with it.
     *
     * @throws IllegalStateException when the driver already owns the buffer, or it has no memory yet
     */
    public synchronized void queue(int index) {
        allocation.checkIndex(index);
        BufferHandles handles = allocation.frames()[index].heldHandles();
        if (handles == null) {
            throw new IllegalStateException(device.path() + ": buffer " + index
                    + " has no memory yet: queue it with the handles of its planes");
        }
        queue(index, handles, false);
    }

    /**
     * VIDIOC_QBUF: hands buffer {@code index}, backed by {@code handles}, to the driver (for output
     * with the bytes used its frame holds). Every view of its planes is revoked first. On failure
     * the buffer and its handles stay with the user. {@code imported}: handles the caller gives now,
     * checked in full (see {@link Planes#check}); held and supplied handles were checked before.
     */
    synchronized void queue(int index, BufferHandles handles, boolean imported) {
        allocation.checkIndex(index);
        DeviceFrame frame = allocation.frames()[index];
        if (frame.isQueued()) {
            throw new IllegalStateException(device.path() + ": buffer " + index + " is already queued (the driver owns it)");
        }
        Planes.check(this, index, handles, imported);
        synchronized (frame) { // no view is taken between the revocation and QBUF
            frame.revoke();
            struct.prepare(index, allocation.memory());
            Planes.describe(struct.buffer, struct.planes, type, handles, frame);
            int errno = Vidioc.qbuf(device.fd(), struct.buffer);
            if (errno != 0) {
                throw Errno.failed(device.path(), Vidioc.QBUF.name(), errno);
            }
            frame.queued(handles);
        }
        queuedCount++;
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
    public DeviceFrame dequeue(int timeoutMillis) {
        synchronized (this) {
            requireStreaming();
        }
        int ready = wait.awaitAlone(Vidioc.DQBUF.name(), timeoutMillis);
        synchronized (this) {
            device.requireOpen(Vidioc.DQBUF.name());
            return (ready & QueueWait.BUFFER_READY) == 0 ? null : dqbuf();
        }
    }

    /**
     * VIDIOC_DQBUF without waiting, for a thread that waits on several queues with a
     * {@link Poller}: the filled buffer, or null when none is ready.
     *
     * @throws V4l2Exception with ENODEV once the device was removed
     */
    public synchronized DeviceFrame dequeueReady() {
        requireStreaming();
        wait.checkRemoved();
        return queuedCount > 0 ? dqbuf() : null;
    }

    private void requireStreaming() {
        if (!streaming) {
            throw new IllegalStateException(device.path() + ": not streaming");
        }
    }

    private DeviceFrame dqbuf() {
        struct.prepare(0, allocation.memory());
        int errno = Vidioc.dqbuf(device.fd(), struct.buffer);
        if (errno == Errno.EAGAIN) {
            return null;
        }
        if (errno == Errno.EPIPE && type.isCapture()) {
            drained = true; // the LAST buffer was dequeued (vb2's last_buffer_dequeued)
            return null;
        }
        if (errno != 0) {
            throw Errno.failed(device.path(), Vidioc.DQBUF.name(), errno);
        }
        DeviceFrame frame = allocation.frames()[struct.index()];
        frame.dequeued(struct.buffer, type.isMultiplanar() ? struct.planes : null);
        queuedCount--;
        if (frame.isLast()) {
            drained = true;
        }
        return frame;
    }

    /**
     * Whether the last wait saw POLLPRI (an event to dequeue with {@link Device#dequeueEvent()})
     * since the last call; resets it.
     */
    public boolean takeEventPending() {
        return wait.takeEventPending();
    }

    /**
     * Waits up to {@code timeoutMillis} for a {@link #wakeup()}; true if one came. The wait also
     * ends on an event (see {@link #takeEventPending()}).
     *
     * @throws V4l2Exception with ENODEV once the device was removed
     */
    public boolean awaitWakeup(int timeoutMillis) {
        int result = wait.awaitAlone("epoll_wait", timeoutMillis);
        device.requireOpen("epoll_wait");
        return (result & QueueWait.WOKEN) != 0;
    }

    /** Wakes the thread in {@link #dequeue} or {@link #awaitWakeup}; from any thread. */
    public void wakeup() {
        wait.wakeup();
    }

    /** For a refused close, which woke this queue while no thread waited: that wakeup is taken back. */
    void clearWakeup() {
        wait.clearWakeup();
    }

    /** The wait of this queue's device, for the {@link Poller} that serves it. */
    QueueWait waiting() {
        return wait;
    }

    /** Whether the driver owns buffers now, so that readiness means a buffer to dequeue. */
    boolean awaitsBuffers() {
        return streaming && queuedCount > 0;
    }

    /**
     * Host tests of the wait loop only: makes the queue wait for buffers (as while streaming with
     * {@code queued} buffers queued) without STREAMON or QBUF, which a stand-in fd cannot answer.
     */
    void assumeDriverOwns(int queued) {
        streaming = queued > 0;
        queuedCount = queued;
    }

    /** VIDIOC_STREAMON. */
    public synchronized void streamOn() {
        Vidioc.streamon(device.fd(), KernelNumbers.value(type));
        streaming = true;
    }

    /** VIDIOC_STREAMOFF: the driver gives every queued buffer back to the user. */
    public synchronized void streamOff() {
        drained = false;
        if (streaming) {
            streaming = false;
            Vidioc.streamoff(device.fd(), KernelNumbers.value(type));
        }
        for (DeviceFrame frame : allocation.frames()) {
            frame.returned();
        }
        queuedCount = 0;
    }

    /**
     * Takes every buffer back to be freed: stops streaming and retires every frame, revoking its
     * views, even one the application retains. Afterwards no Java code can reach the buffers'
     * memory, so it may be unmapped or freed. Idempotent.
     */
    synchronized void reclaim() {
        RuntimeException failure = null;
        try {
            streamOff();
        } catch (RuntimeException e) {
            streaming = false;
            failure = e;
        }
        queuedCount = 0;
        for (DeviceFrame frame : allocation.frames()) {
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

    /** Frees everything this queue holds. Called by {@link Device#close()}, once no thread waits. */
    synchronized void close() {
        try {
            free();
        } finally {
            wait.close();
        }
    }
}
