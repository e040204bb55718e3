package org.v4j.capture;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Event;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.PlaneFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.Mappable;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;

/**
 * A pure-Java {@link StreamQueue} for host tests: the driver fills queued buffers in order, only
 * as many as the test allows ({@link #fill}) and at once, so a test decides when frames come.
 * Allocation asks the provider for one plane per buffer and gives everything back on failure and
 * on {@link #free()}, as Buffers does; {@link #remove()} makes it a removed device (ENODEV), and
 * {@link #failNext} fails the next wait. It records what the stream did: {@link #calls} in order
 * (allocate, streamon, streamoff, free, close) and how the last free found the frames.
 */
final class FakeQueue implements StreamQueue {
    static final String PATH = "/dev/video9";
    static final Format FORMAT = new Format(BufferType.VIDEO_CAPTURE, 32, 2, PixelFormat.YUYV, 1, 0,
            List.of(new PlaneFormat(64, 128)));

    /** What the stream did, in order: {@code allocate MMAP 4}, {@code streamon}, {@code streamoff}, {@code free}, {@code close}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<MemoryType> supported;
    private FakeFrame[] frames = new FakeFrame[0];
    private final List<Runnable> giveBacks = new ArrayList<>();
    private final ArrayDeque<Integer> driver = new ArrayDeque<>();
    private boolean streaming;
    private boolean woken;
    private boolean removed;
    private boolean closed;
    private RuntimeException failNext;
    private long fillable;
    private int sequence;
    private long streamOffNanos;
    private long holdWaitNanos = -1;
    private int heldAtFree;

    FakeQueue(Set<MemoryType> supported) {
        this.supported = Set.copyOf(supported);
    }

    /** Lets the driver fill {@code frames} more buffers. */
    synchronized void fill(long frames) {
        fillable = frames == Long.MAX_VALUE ? frames : fillable + frames;
        notifyAll();
    }

    /** The device goes away: every wait fails with ENODEV from now on. */
    synchronized void remove() {
        removed = true;
        notifyAll();
    }

    /** The next dequeue or wait throws {@code e}. */
    synchronized void failNext(RuntimeException e) {
        failNext = e;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** How many buffers the last free of allocated buffers found retained. */
    synchronized int heldAtFree() {
        return heldAtFree;
    }

    /** How long after the STREAMOFF before it the last free of allocated buffers came (-1: none came before it). */
    synchronized long holdWaitNanos() {
        return holdWaitNanos;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Capability capability() {
        throw new UnsupportedOperationException("the fake has no capability");
    }

    @Override
    public BufferType type() {
        return FORMAT.type();
    }

    @Override
    public Format format() {
        return FORMAT;
    }

    @Override
    public synchronized Set<MemoryType> supportedMemory() {
        if (frames.length > 0) {
            throw new IllegalStateException(PATH + ": buffers are allocated; probing would free them");
        }
        return supported;
    }

    @Override
    public synchronized int allocate(MemoryProvider<?> provider, int count, String source) {
        if (frames.length > 0) {
            throw new IllegalStateException(PATH + ": buffers already allocated; free them first");
        }
        calls.add("allocate " + provider.memoryType() + " " + count);
        Allocation allocation = new FakeAllocation(1, PATH, true, count, FORMAT.planes(), FORMAT.width(), source);
        FakeFrame[] allocated = new FakeFrame[count];
        try {
            for (int i = 0; i < count; i++) {
                PlaneRequest plane = new PlaneRequest(allocation, i, 0, FORMAT.planes().getFirst().sizeImage(), 0);
                allocated[i] = new FakeFrame(this, i, provider.memoryType(), supply(provider, plane));
            }
        } catch (RuntimeException e) {
            giveBack();
            throw e;
        }
        frames = allocated;
        return count;
    }

    /** One plane from {@code provider}, remembered to be given back. */
    private <H extends PlaneHandle<?>> MemorySegment supply(MemoryProvider<H> provider, PlaneRequest plane) {
        H handle = provider.supply(plane);
        giveBacks.add(() -> provider.giveBack(handle));
        return ((Mappable) handle).mapping();
    }

    private void giveBack() {
        giveBacks.forEach(Runnable::run);
        giveBacks.clear();
    }

    @Override
    public synchronized int size() {
        return frames.length;
    }

    @Override
    public synchronized int queuedCount() {
        return driver.size();
    }

    @Override
    public synchronized FakeFrame frame(int index) {
        return frames[index];
    }

    @Override
    public synchronized boolean takeRelease(int index) {
        return frames[index].takeRelease();
    }

    @Override
    public synchronized void queue(int index) {
        requireViewOwner("queue");
        FakeFrame frame = frames[index];
        if (frame.isQueued()) {
            throw new IllegalStateException(PATH + ": buffer " + index + " is already queued (the driver owns it)");
        }
        frame.queued();
        driver.add(index);
        notifyAll();
    }

    @Override
    public synchronized void streamOn() {
        calls.add("streamon");
        streaming = true;
    }

    @Override
    public synchronized void streamOff() {
        calls.add("streamoff");
        streaming = false;
        driver.forEach(i -> frames[i].returned());
        driver.clear();
        streamOffNanos = System.nanoTime();
    }

    @Override
    public synchronized FakeFrame dequeue(int timeoutMillis) {
        if (!streaming) {
            throw new IllegalStateException(PATH + ": not streaming");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!woken && (fillable == 0 || driver.isEmpty())) {
            checkFailure("VIDIOC_DQBUF");
            if (!waitUntil(deadline)) {
                return null;
            }
        }
        checkFailure("VIDIOC_DQBUF");
        if (woken) {
            woken = false;
            return null;
        }
        if (fillable != Long.MAX_VALUE) {
            fillable--;
        }
        FakeFrame frame = frames[driver.poll()];
        frame.filled(sequence++);
        return frame;
    }

    @Override
    public synchronized boolean awaitWakeup(int timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!woken) {
            checkFailure("epoll_wait");
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        woken = false;
        return true;
    }

    private boolean waitUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(PATH + ": interrupted", e);
        }
        return true;
    }

    private void checkFailure(String call) {
        if (removed) {
            throw new V4l2Exception("no such device", PATH, call, 19, "ENODEV", null);
        }
        RuntimeException e = failNext;
        if (e != null) {
            failNext = null;
            throw e;
        }
    }

    /** The thread the stream confined views to, or null. */
    volatile Thread viewOwner;

    /** As the real queue refuses to revoke confined views from another thread: the stream must queue and free on its own. */
    private void requireViewOwner(String call) {
        Thread owner = viewOwner;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException(call + " on thread '" + Thread.currentThread().getName()
                    + "', but views are confined to '" + owner.getName() + "'");
        }
    }

    @Override
    public void confineViews() {
        viewOwner = Thread.currentThread();
    }

    @Override
    public synchronized void wakeup() {
        woken = true;
        notifyAll();
    }

    @Override
    public boolean takeEventPending() {
        return false;
    }

    @Override
    public Event dequeueEvent() {
        return null;
    }

    @Override
    public void subscribe(EventType type, int id) {
        throw new UnsupportedOperationException("the fake has no events");
    }

    @Override
    public synchronized void free() {
        requireViewOwner("free");
        calls.add("free");
        streaming = false;
        driver.clear();
        if (frames.length > 0) {
            heldAtFree = 0;
            for (FakeFrame frame : frames) {
                heldAtFree += frame.isHeld() ? 1 : 0;
                frame.retire();
            }
            holdWaitNanos = streamOffNanos > 0 ? System.nanoTime() - streamOffNanos : -1;
        }
        streamOffNanos = 0;
        frames = new FakeFrame[0];
        giveBack();
    }

    @Override
    public synchronized void close() {
        free();
        calls.add("close");
        closed = true;
    }
}
