package org.v4j.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.Mappable;
import org.v4j.ioctl.V4l2Buffer;
import org.v4j.ioctl.V4l2Plane;

/**
 * One buffer of a {@link BufferQueue}, as the user sees it after DQBUF: sequence number,
 * timestamp, bytes used per plane, and zero-copy read-only views of the planes.
 *
 * <p>A view is valid only while the user owns the buffer: requeueing it, stopping the stream or
 * freeing the buffers revokes every view, and any access after that throws
 * {@link IllegalStateException} — it never reaches memory the driver owns again. The frame
 * object itself is reused for the same buffer index.
 */
public final class Frame {
    private final BufferQueue queue;
    private final int index;
    private final int planeCount;
    private final int[] bytesUsed;
    private final int[] dataOffset;
    private final MemorySegment[] views;
    private BufferHandles handles;
    private boolean queued;
    private boolean filled;
    private int sequence;
    private int flags;
    private long timestampNanos;
    private Arena viewScope;

    Frame(BufferQueue queue, int index, int planeCount) {
        this.queue = queue;
        this.index = index;
        this.planeCount = planeCount;
        this.bytesUsed = new int[planeCount];
        this.dataOffset = new int[planeCount];
        this.views = new MemorySegment[planeCount];
    }

    /** The buffer index in its queue. */
    public int index() {
        return index;
    }

    public BufferQueue queue() {
        return queue;
    }

    public int planeCount() {
        return planeCount;
    }

    /** The driver's frame counter; a gap means the driver dropped frames. */
    public int sequence() {
        return sequence;
    }

    /** The capture time in nanoseconds, on CLOCK_MONOTONIC for drivers that set that flag (most). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The {@code V4L2_BUF_FLAG_*} bits of the last DQBUF. */
    public int flags() {
        return flags;
    }

    /** Whether the driver flagged the data as possibly corrupted. */
    public boolean hasError() {
        return (flags & V4l2Buffer.FLAG_ERROR) != 0;
    }

    /** Bytes of plane {@code plane} the driver filled, including its data offset. */
    public int bytesUsed(int plane) {
        return bytesUsed[plane];
    }

    /** The handles that back this buffer, given back with it by DQBUF; null while queued. */
    public BufferHandles handles() {
        return queued ? null : handles;
    }

    /** Whether the driver owns this buffer now. */
    public boolean isQueued() {
        return queued;
    }

    /**
     * A read-only view of the payload of plane {@code plane}, valid until the buffer is requeued
     * or freed.
     *
     * @throws IllegalStateException when the driver owns the buffer or it holds no data
     */
    public MemorySegment plane(int plane) {
        if (queued || !filled) {
            throw new IllegalStateException(queue.device().path() + ": buffer " + index
                    + (queued ? " is queued: the driver owns its memory" : " holds no captured data"));
        }
        MemorySegment view = views[plane];
        if (view == null) {
            if (!(handles.plane(plane) instanceof Mappable mappable)) {
                throw new UnsupportedOperationException(handles.memoryType() + " plane is not mapped into the process");
            }
            if (viewScope == null) {
                viewScope = Arena.ofShared();
            }
            MemorySegment mapping = mappable.mapping();
            long offset = Math.min(dataOffset[plane], bytesUsed[plane]);
            view = MemorySegment.ofAddress(mapping.address() + offset)
                    .reinterpret(Math.min(bytesUsed[plane], mapping.byteSize()) - offset, viewScope, null)
                    .asReadOnly();
            views[plane] = view;
        }
        return view;
    }

    void queued(BufferHandles handles) {
        this.handles = handles;
        this.queued = true;
        this.filled = false;
    }

    /** Reads what DQBUF wrote; {@code planes} is the plane array for multi-planar queues. */
    void dequeued(MemorySegment buffer, MemorySegment planes) {
        queued = false;
        filled = true;
        sequence = (int) V4l2Buffer.SEQUENCE.get(buffer);
        flags = (int) V4l2Buffer.FLAGS.get(buffer);
        timestampNanos = (long) V4l2Buffer.TV_SEC.get(buffer) * 1_000_000_000L + (long) V4l2Buffer.TV_USEC.get(buffer) * 1_000L;
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
        if (queued) {
            queued = false;
            filled = false;
        }
    }

    /** Ends every view handed out for this buffer. */
    void revoke() {
        if (viewScope != null) {
            viewScope.close();
            viewScope = null;
            Arrays.fill(views, null);
        }
    }

    @Override
    public String toString() {
        return "buffer " + index + " seq " + sequence + (queued ? " (queued)" : "");
    }
}
