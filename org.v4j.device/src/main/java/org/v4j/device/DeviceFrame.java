package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.Mappable;
import org.v4j.ioctl.DmaBufIoctls;
import org.v4j.ioctl.DmaBufSync;
import org.v4j.ioctl.V4l2Buffer;
import org.v4j.ioctl.V4l2Plane;

/**
 * The {@link Frame} of one buffer index of a {@link BufferQueue}, reused for every DQBUF of that
 * index. Views of its planes are slices of the provider's mapping in a scope of their own, closed
 * (revoked) when the buffer goes back to the driver or is freed; CPU access through the mapping of
 * an imported dma-buf is bracketed with DMA_BUF_IOCTL_SYNC. Who owns the buffer, and when views
 * die, is {@link FrameOwnership}'s; this class adds what the kernel's buffer struct says.
 */
public final class DeviceFrame implements Frame {
    private final BufferQueue queue;
    /** The memory of the allocation this frame belongs to (a frame is made per allocation). */
    private final MemoryType memoryType;
    private final int index;
    private final int planeCount;
    private final int[] bytesUsed;
    private final int[] dataOffset;
    /** Views any thread may use, and views confined to the queue's thread; per plane, until revoked. */
    private final MemorySegment[] views;
    private final MemorySegment[] confinedViews;
    /** Per plane, a capture mapping made read-only once, and the mapping it was made of. */
    private final MemorySegment[] readOnlyMappings, readOnlyOf;
    private final FrameOwnership ownership;
    /** The struct dma_buf_sync of this buffer's CPU-access brackets, reused: an arena per bracket cost ~200 bytes a frame. */
    private final MemorySegment sync = Arena.ofAuto().allocate(DmaBufSync.LAYOUT);
    private BufferHandles handles;
    private int sequence;
    private int flags;
    private long timestampNanos;

    DeviceFrame(BufferQueue queue, int index, int planeCount) {
        this.queue = queue;
        this.memoryType = queue.memoryType();
        this.index = index;
        this.planeCount = planeCount;
        this.bytesUsed = new int[planeCount];
        this.dataOffset = new int[planeCount];
        this.views = new MemorySegment[planeCount];
        this.confinedViews = new MemorySegment[planeCount];
        this.readOnlyMappings = new MemorySegment[planeCount];
        this.readOnlyOf = new MemorySegment[planeCount];
        this.ownership = new FrameOwnership(queue.device().path() + ": buffer " + index);
    }

    /** The buffer index in its queue. */
    @Override
    public int index() {
        return index;
    }

    @Override
    public Format format() {
        return queue.format();
    }

    @Override
    public int planeCount() {
        return planeCount;
    }

    /** The driver's frame counter; a gap means the driver dropped frames. */
    @Override
    public int sequence() {
        return sequence;
    }

    /** The capture time in nanoseconds, on CLOCK_MONOTONIC for drivers that set that flag (most). */
    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Whether the driver flagged the data as possibly corrupted. */
    @Override
    public boolean hasError() {
        return (flags & V4l2Buffer.FLAG_ERROR) != 0;
    }

    /** Whether the driver marked this buffer the last of its stream (V4L2_BUF_FLAG_LAST); its bytes used may be 0. */
    public boolean isLast() {
        return (flags & V4l2Buffer.FLAG_LAST) != 0;
    }

    /** Bytes of plane {@code plane} in use, including its data offset: filled by the driver (capture) or to send (output). */
    @Override
    public int bytesUsed(int plane) {
        return bytesUsed[plane];
    }

    /** For output buffers: how many bytes of {@code plane} to send with the next QBUF. */
    @Override
    public void setBytesUsed(int plane, int bytes) {
        if (queue.type().isCapture()) {
            throw new IllegalStateException("bytes used of a capture buffer are set by the driver");
        }
        long length = queue.format().planes().get(plane).sizeImage();
        if (bytes < 0 || bytes > length) {
            throw new IllegalArgumentException("plane " + plane + ": " + bytes + " bytes used of " + length);
        }
        bytesUsed[plane] = bytes;
    }

    @Override
    public MemoryType memoryType() {
        return memoryType;
    }

    /**
     * The handles that back this buffer (given back with it by DQBUF and STREAMOFF); null while
     * queued. Not public: a handle's mapping would reach the memory after the buffer went back.
     */
    synchronized BufferHandles handles() {
        return ownership.isQueued() ? null : handles;
    }

    /** Whether the driver owns this buffer now. */
    @Override
    public boolean isQueued() {
        return ownership.isQueued();
    }

    /**
     * A view of plane {@code plane}: for capture, the read-only payload the driver filled; for
     * output, the writable plane (its format size). Valid until the buffer is queued or freed;
     * confined to the queue's thread when taken there of a frame not retained (see
     * {@link BufferQueue#confineViews()}).
     *
     * @throws IllegalStateException when the driver owns the buffer, or a capture buffer holds no data
     * @throws UnsupportedOperationException when the plane is not mapped into the process
     */
    @Override
    public synchronized MemorySegment plane(int plane) {
        boolean capture = queue.type().isCapture();
        boolean confine = queue.viewsConfinedTo() == Thread.currentThread() && !ownership.isHeld();
        Arena scope = ownership.viewScope(capture, handles != null, confine);
        MemorySegment[] cache = confine ? confinedViews : views;
        if (cache[plane] == null) {
            cache[plane] = view(plane, viewBase(plane, capture), scope);
        }
        return cache[plane];
    }

    /**
     * Runs {@code access} on a view of plane {@code plane} whose scope is this call. On the thread
     * that runs the queue the scope is a confined arena made and closed here, never stored, so once
     * the JIT inlines this method and {@code access} (a lambda written at the call) it can drop
     * both the arena and the view (escape analysis; seen in the guest, but not in every run). The view is made as
     * {@link #plane}'s are; the buffer cannot be queued or freed meanwhile ({@link FrameOwnership}).
     * On any other thread this is {@code access.accept(plane(plane))}.
     */
    @Override
    public void withPlane(int plane, Consumer<? super MemorySegment> access) {
        if (queue.viewsConfinedTo() != Thread.currentThread()) {
            access.accept(plane(plane));
            return;
        }
        MemorySegment base = beginAccess(plane);
        try (Arena scope = Arena.ofConfined()) {
            access.accept(view(plane, base, scope));
        } finally {
            endAccess(plane);
        }
    }

    /** For {@link #withPlane}: the plane's mapping (read-only for capture), counted as being read; DMA_BUF_IOCTL_SYNC START unless a view began it. */
    private synchronized MemorySegment beginAccess(int plane) {
        boolean capture = queue.type().isCapture();
        ownership.beginAccess(capture, handles != null);
        try {
            return viewBase(plane, capture);
        } catch (RuntimeException e) {
            ownership.endAccess();
            throw e;
        }
    }

    /** Ends what {@link #beginAccess} began; a release that came meanwhile wakes the loop to requeue. */
    private synchronized void endAccess(int plane) {
        try {
            if (views[plane] == null && confinedViews[plane] == null) {
                cpuAccess(handles.plane(plane), DmaBufSync.END, !queue.type().isCapture());
            }
        } finally {
            if (ownership.endAccess()) {
                queue.wakeup();
            }
        }
    }

    /**
     * What views of plane {@code plane} are made of: its mapping, read-only for capture. Begins CPU
     * access (DMA_BUF_IOCTL_SYNC START) unless a view of the plane already did.
     *
     * @throws UnsupportedOperationException when the plane is not mapped
     */
    private MemorySegment viewBase(int plane, boolean capture) {
        if (!(handles.plane(plane) instanceof Mappable mappable) || mappable.mapping() == null) {
            throw new UnsupportedOperationException(queue.device().path() + ": plane " + plane + " of buffer "
                    + index + " (" + handles.memoryType() + ") is not mapped into the process");
        }
        if (views[plane] == null && confinedViews[plane] == null) {
            cpuAccess(handles.plane(plane), DmaBufSync.START, !capture);
        }
        return capture ? readOnly(plane, mappable.mapping()) : mappable.mapping();
    }

    /**
     * A view of {@code base} in {@code scope}: for capture from the data offset to the bytes used,
     * for output the format's size. reinterpret keeps the base's read-only mode: one segment per
     * view when the data starts at 0.
     */
    private MemorySegment view(int plane, MemorySegment base, Arena scope) {
        boolean capture = queue.type().isCapture();
        long offset = capture ? Math.min(dataOffset[plane], bytesUsed[plane]) : 0;
        long end = Math.min(capture ? bytesUsed[plane] : queue.format().planes().get(plane).sizeImage(), base.byteSize());
        return (offset == 0 ? base : base.asSlice(offset)).reinterpret(end - offset, scope, null);
    }

    /** {@code mapping} read-only, made once per mapping (a plane's mapping stays while its handle does). */
    private MemorySegment readOnly(int plane, MemorySegment mapping) {
        if (mapping.isReadOnly()) {
            return mapping;
        }
        if (readOnlyOf[plane] != mapping) {
            readOnlyOf[plane] = mapping;
            readOnlyMappings[plane] = mapping.asReadOnly();
        }
        return readOnlyMappings[plane];
    }

    /**
     * Keeps this frame after the listener returns: its buffer is not requeued until every
     * {@code retain()} is matched by a {@link #release()}. If the stream stops or swaps its memory
     * meanwhile, the frame is revoked after a bounded wait, and its views throw from then on.
     *
     * @throws IllegalStateException when the user does not own the buffer
     */
    @Override
    public DeviceFrame retain() {
        ownership.retain();
        return this;
    }

    /** Undoes one {@link #retain()}; the last one gives the frame back for requeueing. From any thread. */
    @Override
    public void release() {
        if (ownership.release()) {
            queue.wakeup();
        }
    }

    /** Whether the application retains this frame. */
    @Override
    public boolean isHeld() {
        return ownership.isHeld();
    }

    /** For the streaming loop: whether the frame was released since the last call (and to be requeued). */
    public boolean takeRelease() {
        return ownership.takeRelease();
    }

    /** The handles the buffer holds now, queued or not: what {@link BufferQueue#queue(int)} queues again. */
    synchronized BufferHandles heldHandles() {
        return handles;
    }

    /** The buffer's handles, known to the user before its first QBUF. */
    void attach(BufferHandles handles) {
        this.handles = handles;
        if (!queue.type().isCapture()) {
            for (int p = 0; p < planeCount; p++) {
                bytesUsed[p] = queue.format().planes().get(p).sizeImage();
            }
        }
    }

    synchronized void queued(BufferHandles handles) {
        this.handles = handles;
        ownership.queued();
    }

    /** Reads what DQBUF wrote; {@code planes} is the plane array for multi-planar queues. */
    synchronized void dequeued(MemorySegment buffer, MemorySegment planes) {
        ownership.dequeued();
        sequence = (int) V4l2Buffer.SEQUENCE.get(buffer);
        flags = (int) V4l2Buffer.FLAGS.get(buffer);
        timestampNanos = (long) V4l2Buffer.TV_SEC.get(buffer) * 1_000_000_000L + (long) V4l2Buffer.TV_USEC.get(buffer) * 1_000L;
        if (!queue.type().isCapture()) {
            return; // an output buffer keeps the bytes used the user set
        }
        if (planes == null) {
            bytesUsed[0] = (int) V4l2Buffer.BYTESUSED.get(buffer);
            dataOffset[0] = 0;
        } else {
            for (int p = 0; p < planeCount; p++) {
                bytesUsed[p] = (int) V4l2Plane.BYTESUSED_AT.get(planes, (long) p);
                dataOffset[p] = (int) V4l2Plane.DATA_OFFSET_AT.get(planes, (long) p);
            }
        }
    }

    /** STREAMOFF gave the buffer back without data. */
    void returned() {
        ownership.returned();
    }

    /** Why the calling thread cannot revoke this buffer's views, or null: see {@link BufferQueue#confineViews()}. */
    String revocationRefused() {
        return ownership.revocationRefused();
    }

    /** The buffers were freed: revokes every view, and this frame gives no new ones. */
    synchronized void retire() {
        ownership.retire();
        try {
            revoke();
        } finally {
            handles = null;
            Arrays.fill(readOnlyMappings, null);
            Arrays.fill(readOnlyOf, null);
        }
    }

    /**
     * Ends every view handed out for this buffer, and the CPU access they began.
     *
     * @throws IllegalStateException when another thread's confined views are open: nothing is revoked
     */
    synchronized void revoke() {
        if (ownership.revoke()) {
            boolean write = !queue.type().isCapture();
            RuntimeException failure = null;
            for (int p = 0; p < planeCount; p++) {
                if (views[p] != null || confinedViews[p] != null) {
                    try {
                        cpuAccess(handles.plane(p), DmaBufSync.END, write);
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
            Arrays.fill(views, null);
            Arrays.fill(confinedViews, null);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** DMA_BUF_IOCTL_SYNC start or end around CPU access to a mapped, imported dma-buf; nothing for other memory. */
    private void cpuAccess(org.v4j.api.memory.PlaneHandle<?> plane, long phase, boolean write) {
        if (plane instanceof DmaBufHandle<?> dmabuf && dmabuf.mapping() != null) {
            DmaBufSync.FLAGS.set(sync, phase | (write ? DmaBufSync.WRITE : DmaBufSync.READ));
            String name = dmabuf.source() instanceof org.v4j.api.memory.DmaBufFd owned ? owned.name()
                    : "dma-buf fd " + dmabuf.source().fd();
            DmaBufIoctls.sync(dmabuf.source().fd(), name, sync);
        }
    }

    @Override
    public String toString() {
        return "buffer " + index + " seq " + sequence + (isQueued() ? " (queued)" : "");
    }
}
