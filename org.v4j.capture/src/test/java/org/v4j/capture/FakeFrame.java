package org.v4j.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.memory.MemoryType;

/**
 * The frame of one buffer of a {@link FakeQueue}, with the ownership rules of DeviceFrame (whose
 * state machine, FrameOwnership, org.v4j.device tests by itself): the driver's while queued; views
 * only while the user owns it with data, revoked when it is queued again or retired; retained
 * until released; a release the loop takes once.
 */
final class FakeFrame implements Frame {
    private final FakeQueue queue;
    private final int index;
    private final MemoryType memory;
    private final MemorySegment mapping;
    private boolean queued;
    private boolean filled;
    private boolean retired;
    private int holds;
    private boolean releasePending;
    private int sequence;
    private Arena views;

    FakeFrame(FakeQueue queue, int index, MemoryType memory, MemorySegment mapping) {
        this.queue = queue;
        this.index = index;
        this.memory = memory;
        this.mapping = mapping;
    }

    /** The memory type its buffer was allocated with. */
    MemoryType memory() {
        return memory;
    }

    synchronized void queued() {
        revoke();
        holds = 0;
        queued = true;
        filled = false;
    }

    synchronized void filled(int sequenceNumber) {
        queued = false;
        filled = true;
        sequence = sequenceNumber;
    }

    /** STREAMOFF gave it back without data. */
    synchronized void returned() {
        if (queued) {
            queued = false;
            filled = false;
        }
    }

    synchronized void retire() {
        retired = true;
        holds = 0;
        releasePending = false;
        revoke();
    }

    private void revoke() {
        if (views != null) {
            views.close();
            views = null;
        }
    }

    synchronized boolean takeRelease() {
        boolean pending = releasePending && !retired && !queued;
        releasePending = false;
        return pending;
    }

    @Override
    public synchronized MemorySegment plane(int plane) {
        if (retired || queued || !filled) {
            throw new IllegalStateException(queue.path() + ": buffer " + index
                    + (retired ? " was taken back" : " is not the user's"));
        }
        if (views == null) {
            views = Arena.ofShared();
        }
        return mapping.reinterpret(mapping.byteSize(), views, null).asReadOnly();
    }

    @Override
    public void withPlane(int plane, Consumer<? super MemorySegment> access) {
        access.accept(plane(plane));
    }

    @Override
    public synchronized Frame retain() {
        if (retired || queued) {
            throw new IllegalStateException(queue.path() + ": buffer " + index + (retired ? " was taken back" : " is queued"));
        }
        holds++;
        return this;
    }

    @Override
    public void release() {
        synchronized (this) {
            if (holds == 0 || --holds > 0) {
                return;
            }
            releasePending = !retired;
        }
        queue.wakeup();
    }

    @Override
    public synchronized boolean isHeld() {
        return holds > 0;
    }

    @Override
    public synchronized boolean isQueued() {
        return queued;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public Format format() {
        return FakeQueue.FORMAT;
    }

    @Override
    public int planeCount() {
        return 1;
    }

    @Override
    public synchronized int sequence() {
        return sequence;
    }

    @Override
    public long timestampNanos() {
        return 0;
    }

    @Override
    public boolean hasError() {
        return false;
    }

    @Override
    public int bytesUsed(int plane) {
        return (int) mapping.byteSize();
    }

    @Override
    public void setBytesUsed(int plane, int bytes) {
        throw new IllegalStateException("bytes used of a capture buffer are set by the driver");
    }

    @Override
    public MemoryType memoryType() {
        return memory;
    }

    @Override
    public String toString() {
        return "fake buffer " + index + " " + memory;
    }
}
