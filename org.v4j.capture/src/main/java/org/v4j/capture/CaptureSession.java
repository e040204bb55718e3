package org.v4j.capture;

import org.v4j.ioctl.Errno;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.log.Logger;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;
import org.v4j.api.stream.SwapEvent;
import org.v4j.api.V4l2Exception;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;

/**
 * One capture stream: opened and started synchronously (so errors reach the caller), then driven
 * by its own thread in a DQBUF → deliver → QBUF loop that allocates nothing per frame.
 *
 * <p>The same thread swaps memory when asked to {@link #reconsider}: STREAMOFF, wait (bounded)
 * for frames the application retains, free the buffers, allocate with the best provider that
 * works, queue, STREAMON; the stream goes on with the next frame. With no provider left it
 * pauses with the device open. Whatever ends it, the thread releases every view, mapping,
 * kernel buffer and the fd before it finishes.
 */
final class CaptureSession implements CaptureStream {
    /** The memory providers a stream may choose from, as the consumer knows them now. */
    interface Providers {
        /** Registered providers that {@code preference} allows: in its type order, then by service ranking. */
        List<MemoryProvider<?>> candidates(MemoryPreference preference);

        /** Waits up to {@code nanos} for the registered providers to change. */
        void awaitChange(long nanos) throws InterruptedException;

        /** The memory types registered now, for messages. */
        Set<MemoryType> registered();
    }

    private static final int POLL_MILLIS = 200;
    /** Fail rather than hang when a device stops delivering. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final int id;
    private final CaptureRequest request;
    private final FrameListener listener;
    private final Providers providers;
    private final Logger log;
    private final Consumer<CaptureSession> onEnd;
    private final Device device;
    private final BufferQueue queue;
    private final ProviderChoice choice;
    private final Object progress = new Object();
    private final CountDownLatch released = new CountDownLatch(1);
    private final StreamCounters counters;
    private Thread thread;

    private volatile MemoryPreference preference;
    private volatile MemoryProvider<?> provider;
    /** The provider being tried while allocating: in use, too, for whoever waits for the stream to leave it. */
    private volatile MemoryProvider<?> trying;
    private volatile Format format;
    private volatile boolean reconsider;
    private volatile String reconsiderReason;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile StreamState state = StreamState.STREAMING;
    /** Set by a swap until the first frame in the new memory: what the swap event reports. */
    private MemoryType swapFrom;
    private String swapReason;
    private long swapLastFrameNanos;
    private long swapPeriodNanos;
    /** When the current wait for frames began: a stall is measured from here or the last frame. */
    private long waitStartNanos;

    private CaptureSession(int id, CaptureRequest request, FrameListener listener, Providers providers, Logger log,
            Consumer<CaptureSession> onEnd, Device device, BufferQueue queue, Set<MemoryType> supported) {
        this.id = id;
        this.request = request;
        this.preference = request.memory();
        this.listener = listener;
        this.providers = providers;
        this.log = log;
        this.onEnd = onEnd;
        this.device = device;
        this.queue = queue;
        this.choice = new ProviderChoice(providers, supported, log, id, device.path());
        this.format = queue.format();
        long now = System.nanoTime();
        this.counters = new StreamCounters(now);
        this.waitStartNanos = now;
    }

    /**
     * Opens the device, sets the format, and starts streaming with the first provider that the
     * preference allows, the device supports and that works, waiting up to the request's provider
     * wait for one to be registered. On failure everything is released before the exception.
     */
    static CaptureSession open(int id, CaptureRequest request, FrameListener listener, Providers providers, Logger log,
            Consumer<CaptureSession> onEnd) {
        Device device = Device.open(request.device());
        try {
            BufferType type = device.captureType();
            Format format = request.setsFormat()
                    ? device.setFormat(type, request.width(), request.height(), request.pixelFormat())
                    : device.format(type);
            if (request.pixelFormat() != null && !format.pixelFormat().equals(request.pixelFormat())) {
                throw new V4l2Exception("pixel format " + request.pixelFormat() + " is not supported (offers "
                        + device.formats(type).stream().map(f -> f.pixelFormat().toString()).toList() + ")",
                        device.path(), "VIDIOC_S_FMT");
            }
            BufferQueue queue = device.queue(type);
            Set<MemoryType> supported = queue.supportedMemory();
            CaptureSession session = new CaptureSession(id, request, listener, providers, log, onEnd, device, queue,
                    supported);
            session.startFirst();
            return session;
        } catch (RuntimeException e) {
            try {
                device.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void startFirst() {
        Set<MemoryType> supported = choice.supported();
        List<MemoryType> possible = choice.possible(preference);
        if (possible.isEmpty()) {
            throw new V4l2Exception(String.join(", ", preference.order().stream().map(MemoryType::name).toList())
                    + " streaming not supported for " + queue.type() + " (the driver supports " + supported + ")",
                    device.path(), "VIDIOC_REQBUFS");
        }
        long deadline = System.nanoTime() + request.providerWait().toNanos();
        MemoryProvider<?> started;
        while ((started = allocateAndStart(choice.usable(preference))) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new V4l2Exception("no memory provider to stream with: wanted " + preference + ", the device supports "
                        + supported + ", registered: " + providers.registered(), device.path(), "VIDIOC_REQBUFS");
            }
            try {
                providers.awaitChange(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(device.path() + ": interrupted while waiting for a memory provider", e);
            }
        }
        begin(started);
    }

    void startThread() {
        thread = new Thread(this::run, "v4j-capture-" + id + " " + device.path());
        thread.setDaemon(true);
        thread.start();
    }

    /** The provider whose memory the stream uses now; null while paused. */
    MemoryProvider<?> provider() {
        return provider;
    }

    /** Whether the stream uses {@code candidate}, or is trying it. */
    boolean uses(MemoryProvider<?> candidate) {
        return provider == candidate || trying == candidate;
    }

    /** Asks the stream thread to choose its memory again ({@code why} is logged and reported with the swap). */
    void reconsider(String why) {
        reconsiderReason = why;
        reconsider = true;
        queue.wakeup();
    }

    /** A provider appeared or changed: those that failed before are tried again, in preference order. */
    void providersChanged(String why) {
        choice.forgetFailures();
        reconsider(why);
    }

    /** Waits until the stream no longer uses {@code gone} (swapped, paused or ended); false on timeout. */
    boolean awaitNotUsing(MemoryProvider<?> gone, Duration timeout) {
        if (Thread.currentThread() == thread) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (uses(gone) && released.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        long limit = request.frameLimit();
        try {
            while (!stopRequested && (limit == 0 || counters.frames() < limit)) {
                if (reconsider) {
                    reconsider = false;
                    choose(reconsiderReason);
                    continue;
                }
                if (provider == null) { // paused: wait for a provider, still noticing events and removal
                    awaitWakeup(POLL_MILLIS);
                    continue;
                }
                requeueReleased();
                DeviceFrame frame = queue.dequeue(POLL_MILLIS);
                if (queue.takeEventPending()) {
                    deliverEvents();
                }
                if (frame == null) {
                    checkStall();
                    continue;
                }
                counters.dequeued(frame.sequence());
                deliver(frame);
                if (!frame.isHeld() && !stopRequested && (limit == 0 || counters.frames() < limit)) {
                    queue.queue(frame.index());
                }
            }
            state = failure == null ? StreamState.ENDED : StreamState.FAILED;
        } catch (Throwable t) {
            if (t instanceof V4l2Exception e && "ENODEV".equals(e.errnoName())) {
                failure = new V4l2Exception("device removed", e);
                state = StreamState.REMOVED;
                log.info("stream {} on {}: device removed ({})", id, device.path(), e.call());
            } else {
                failure = t;
                state = StreamState.FAILED;
                log.warn("stream {} on {} failed", id, device.path(), t);
            }
        } finally {
            release();
        }
    }

    /**
     * Waits for a wakeup while no frame is awaited (paused, or buffers taken back for a swap); an
     * event that ends the wait is delivered, else the next wait would end at once for it.
     */
    private void awaitWakeup(int timeoutMillis) {
        queue.awaitWakeup(timeoutMillis);
        if (queue.takeEventPending()) {
            deliverEvents();
        }
    }

    /** Dequeues every pending event and hands it to the listener. */
    private void deliverEvents() {
        org.v4j.api.Event event;
        while ((event = device.dequeueEvent()) != null) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("stream {}: frame listener failed on an event", id, e);
            }
        }
    }

    @Override
    public void subscribe(int type, int eventId) {
        device.subscribe(type, eventId, false);
    }

    /** Requeues the frames the application released since the last look. */
    private void requeueReleased() {
        int n = queue.size();
        for (int i = 0; i < n; i++) {
            DeviceFrame frame = queue.frame(i);
            if (frame.takeRelease()) {
                queue.queue(i);
            }
        }
    }

    private void checkStall() {
        long now = System.nanoTime();
        if (queue.queuedCount() == 0) {
            waitStartNanos = now; // the application holds every buffer: nothing to wait for
        } else if (now - Math.max(counters.lastFrameNanos(), waitStartNanos) > STALL_NANOS) {
            throw new V4l2Exception("no frame for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s",
                    device.path(), "VIDIOC_DQBUF");
        }
    }

    /**
     * Moves to the best provider allowed now, if that is not the current one: the swap. With none
     * left, pauses. If every candidate fails, the stream fails.
     */
    private void choose(String why) {
        List<MemoryProvider<?>> usable = choice.usable(preference);
        MemoryProvider<?> current = provider;
        if (usable.isEmpty() ? current == null : usable.get(0) == current) {
            return; // already the best, or still nothing to resume with
        }
        MemoryType from = current != null ? current.memoryType() : counters.lastMemory();
        long lastFrame = counters.lastFrameNanos();
        long period = counters.periodNanos();
        stopBuffers();
        provider = null;
        signalProgress();
        MemoryProvider<?> next = allocateAndStart(usable);
        if (next == null) {
            state = StreamState.PAUSED;
            log.info("stream {} on {} paused: no memory provider it may use ({}; wanted {}, registered: {})", id,
                    device.path(), why, preference, providers.registered());
            return;
        }
        swapFrom = from;
        swapReason = why;
        swapLastFrameNanos = lastFrame;
        swapPeriodNanos = period;
        counters.swapped();
        begin(next);
        log.info("stream {} on {}: {} memory, was {} ({})", id, device.path(), next.memoryType(), from, why);
    }

    /** Takes every buffer back for freeing: STREAMOFF, a bounded wait for retained frames, then free. */
    private void stopBuffers() {
        queue.streamOff();
        long deadline = System.nanoTime() + HOLD_WAIT.toNanos();
        int held;
        while ((held = heldFrames()) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.info("stream {} on {}: revoking {} frame(s) the application still retains after {} ms", id,
                        device.path(), held, HOLD_WAIT.toMillis());
                break;
            }
            awaitWakeup((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        queue.free();
    }

    private int heldFrames() {
        int held = 0;
        for (int i = 0; i < queue.size(); i++) {
            if (queue.frame(i).isHeld()) {
                held++;
            }
        }
        return held;
    }

    /**
     * Allocates, queues every buffer and starts streaming with the first of {@code candidates}
     * that works; each failure is logged, released, and the next one tried.
     *
     * @return the provider now in use, or null when there was no candidate
     * @throws RuntimeException the first failure (the others suppressed) when every candidate failed
     */
    private MemoryProvider<?> allocateAndStart(List<MemoryProvider<?>> candidates) {
        RuntimeException first = null;
        for (MemoryProvider<?> candidate : candidates) {
            trying = candidate;
            try {
                String source = candidate.memoryType() == MemoryType.DMABUF ? request.source() : null;
                Buffers<?> buffers = queue.allocate(candidate, request.bufferCount(), source);
                for (int i = 0; i < buffers.size(); i++) {
                    queue.queue(i);
                }
                queue.streamOn();
                provider = candidate;
                return candidate;
            } catch (RuntimeException e) {
                choice.failed(candidate, e);
                try {
                    queue.free();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } finally {
                trying = null;
            }
        }
        if (first != null) {
            throw first;
        }
        return null;
    }

    /** Streaming has started with {@code started}. */
    private void begin(MemoryProvider<?> started) {
        counters.started(started.memoryType());
        format = queue.format();
        waitStartNanos = System.nanoTime();
        provider = started;
        state = StreamState.STREAMING;
        signalProgress();
    }

    private void deliver(DeviceFrame frame) {
        long now = System.nanoTime();
        if (swapFrom != null) {
            reportSwap(now);
        }
        try {
            listener.onFrame(frame);
        } catch (RuntimeException e) {
            log.warn("stream {}: frame listener failed", id, e);
        }
        synchronized (progress) {
            counters.delivered(now);
            progress.notifyAll();
        }
    }

    private void reportSwap(long now) {
        long gap = now - swapLastFrameNanos;
        double periods = counters.swapGap(gap, swapPeriodNanos);
        SwapEvent event = new SwapEvent(swapFrom, provider.memoryType(), Duration.ofNanos(gap), periods, swapReason);
        swapFrom = null;
        log.info("stream {} on {}: swapped {} to {}, gap {} ms = {} frame periods", id, device.path(), event.from(),
                event.to(), TimeUnit.NANOSECONDS.toMillis(gap), String.format(java.util.Locale.ROOT, "%.1f", periods));
        try {
            listener.onSwap(event);
        } catch (RuntimeException e) {
            log.warn("stream {}: frame listener failed on a swap", id, e);
        }
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void release() {
        try {
            if (provider != null && heldFrames() > 0) {
                stopBuffers();
            }
        } catch (RuntimeException e) {
            log.warn("stream {}: taking back retained frames on {} failed", id, device.path(), e);
        }
        try {
            device.close();
        } catch (RuntimeException e) {
            if (state == StreamState.REMOVED) {
                // STREAMOFF and REQBUFS fail on a removed device; mappings and the fd are released all the same
                log.debug("stream {}: releasing removed {}: {}", id, device.path(), e.getMessage());
            } else {
                if (failure == null) {
                    failure = e;
                    state = StreamState.FAILED;
                }
                log.warn("stream {}: releasing {} failed", id, device.path(), e);
            }
        } finally {
            provider = null;
            released.countDown();
            signalProgress();
            onEnd.accept(this);
        }
    }

    /** Asks the stream to end because of {@code cause} (null: a normal stop). */
    void stop(Throwable cause) {
        if (cause != null && failure == null) {
            failure = cause;
        }
        stopRequested = true;
        queue.wakeup();
    }

    boolean awaitReleased(Duration timeout) {
        if (Thread.currentThread() == thread) {
            return false;
        }
        try {
            return released.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String device() {
        return device.path();
    }

    @Override
    public Capability capability() {
        return device.capability();
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public MemoryPreference memory() {
        return preference;
    }

    @Override
    public void setMemory(MemoryPreference newPreference) {
        preference = java.util.Objects.requireNonNull(newPreference, "preference");
        choice.forgetFailures();
        reconsider("the preference changed to " + newPreference);
    }

    @Override
    public StreamStats stats() {
        return counters.stats(state);
    }

    @Override
    public boolean awaitFrames(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (counters.frames() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || released.getCount() == 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    @Override
    public StreamStats awaitEnd(Duration timeout) throws InterruptedException {
        released.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return stats();
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        stop(null);
        Duration wait = HOLD_WAIT.plusSeconds(10);
        if (!awaitReleased(wait) && Thread.currentThread() != thread) {
            log.warn("stream {} on {} did not stop within {} s", id, device.path(), wait.toSeconds());
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " " + device.path() + " " + format.describe() + " " + state;
    }
}
