package org.v4j.http;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.PixelFormat;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.MemoryType;

/**
 * A captured frame over heap memory that checks the confinement rule: a view taken off the
 * stream's thread of a frame that is not retained throws, as the real frame's does.
 */
final class TestFrame implements Frame {
    private final Format format;
    private final MemorySegment[] planes;
    private final Thread streamThread = Thread.currentThread();
    final AtomicInteger holds = new AtomicInteger();
    final AtomicInteger retains = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    volatile Thread viewedOn;
    int sequence;
    long timestamp = System.nanoTime();

    TestFrame(Format format, byte[]... planes) {
        this.format = format;
        this.planes = new MemorySegment[planes.length];
        for (int i = 0; i < planes.length; i++) {
            this.planes[i] = MemorySegment.ofArray(planes[i]).asReadOnly();
        }
    }

    /** A packed 4:2:2 frame of one colour (Y, Cb, Cr in camera range). */
    static TestFrame yuyv(int width, int height, int y, int u, int v) {
        byte[] data = new byte[width * height * 2];
        for (int i = 0; i < data.length; i += 4) {
            data[i] = (byte) y;
            data[i + 1] = (byte) u;
            data[i + 2] = (byte) y;
            data[i + 3] = (byte) v;
        }
        return new TestFrame(format("YUYV", width, height, width * 2, data.length), data);
    }

    static Format format(String fourcc, int width, int height, int stride, int size) {
        return new Format(BufferType.VIDEO_CAPTURE, width, height, PixelFormat.of(fourcc), 1, 0,
                List.of(new PlaneFormat(stride, size)));
    }

    @Override public int index() { return 0; }
    @Override public Format format() { return format; }
    @Override public int planeCount() { return planes.length; }
    @Override public int sequence() { return sequence; }
    @Override public long timestampNanos() { return timestamp; }
    @Override public boolean hasError() { return false; }
    @Override public int bytesUsed(int plane) { return (int) planes[plane].byteSize(); }
    @Override public void setBytesUsed(int plane, int bytes) { throw new UnsupportedOperationException(); }
    @Override public MemoryType memoryType() { return MemoryType.MMAP; }
    @Override public boolean isQueued() { return false; }

    @Override
    public MemorySegment plane(int plane) {
        if (Thread.currentThread() != streamThread && holds.get() == 0) {
            throw new WrongThreadException("a view of a frame not retained, taken off the stream's thread");
        }
        viewedOn = Thread.currentThread();
        return planes[plane];
    }

    @Override
    public void withPlane(int plane, Consumer<? super MemorySegment> access) {
        access.accept(plane(plane));
    }

    @Override
    public Frame retain() {
        holds.incrementAndGet();
        retains.incrementAndGet();
        return this;
    }

    @Override
    public void release() {
        if (holds.decrementAndGet() < 0) {
            throw new IllegalStateException("released more often than retained");
        }
        releases.incrementAndGet();
    }

    @Override public boolean isHeld() { return holds.get() > 0; }
}
