package org.v4j.capture;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.log.Logger;
import org.v4j.api.Capability;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.EventType;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/**
 * One capture stream: opened and started synchronously (so errors reach the caller), then driven
 * by its own thread in a DQBUF → deliver → QBUF loop that allocates nothing per frame.
 *
 * <p>The same thread swaps memory when asked to {@link #reconsider}: STREAMOFF, wait (bounded)
 * for frames the application retains, free the buffers, allocate with the best provider that
 * works, queue, STREAMON; the stream goes on with the next frame. With no provider left it
 * pauses with the device open. Whatever ends it, the thread releases every view, mapping,
 * kernel buffer and the fd before it finishes. It reaches the device only through a
 * {@link StreamQueue}, so the host tests run it against a fake.
 */
final class CaptureSession implements CaptureStream {
    private static final int POLL_MILLIS = 200;
    /** Fail rather than hang when a device stops delivering. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final int id;
    private final CaptureRequest request;
    private final Delivery delivery;
    private final Providers providers;
    private final Logger log;
    private final Consumer<CaptureSession> onEnd;
    private final StreamQueue queue;
    private final ProviderChoice choice;
    private final StreamBuffers buffers;
    private final StreamProgress progress = new StreamProgress();
    private final StreamCounters counters;
    private Thread thread;

    private volatile MemoryPreference preference;
    private volatile MemoryProvider<?> provider;
    private volatile Format format;
    private volatile boolean reconsider;
    private volatile String reconsiderReason;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile StreamState state = StreamState.STREAMING;
    /** Set by a swap until the first frame in the new memory, which reports it. */
    private PendingSwap swap;

    private CaptureSession(int id, CaptureRequest request, FrameListener listener, Providers providers, Logger log,
            Consumer<CaptureSession> onEnd, StreamQueue queue, Set<MemoryType> supported) {
        this.id = id;
        this.request = request;
        this.preference = request.memory();
        this.delivery = new Delivery(listener, log, id);
        this.providers = providers;
        this.log = log;
        this.onEnd = onEnd;
        this.queue = queue;
        this.choice = new ProviderChoice(providers, supported, log, id, queue.path());
        this.buffers = new StreamBuffers(queue, request, choice, log, id);
        this.format = queue.format();
        this.counters = new StreamCounters(System.nanoTime());
    }

    /**
     * Starts streaming on {@code queue} (opened and set to the request's format: a
     * {@link StreamDevice}, or the host tests' fake) with the first provider that the preference
     * allows, the device supports and that works, waiting up to the request's provider wait for
     * one to be registered. On failure the queue is closed before the exception.
     */
    static CaptureSession open(int id, CaptureRequest request, FrameListener listener, Providers providers, Logger log,
            Consumer<CaptureSession> onEnd, StreamQueue queue) {
        try {
            CaptureSession session = new CaptureSession(id, request, listener, providers, log, onEnd, queue,
                    queue.supportedMemory());
            session.startFirst();
            return session;
        } catch (RuntimeException e) {
            try {
                queue.close();
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
                    queue.path(), "VIDIOC_REQBUFS");
        }
        long deadline = System.nanoTime() + request.providerWait().toNanos();
        MemoryProvider<?> started;
        while ((started = buffers.start(choice.usable(preference), p -> provider = p)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new V4l2Exception("no memory provider to stream with: wanted " + preference + ", the device supports "
                        + supported + ", registered: " + providers.registered(), queue.path(), "VIDIOC_REQBUFS");
            }
            try {
                providers.awaitChange(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(queue.path() + ": interrupted while waiting for a memory provider", e);
            }
        }
        begin(started);
    }

    void startThread() {
        thread = new Thread(this::run, "v4j-capture-" + id + " " + queue.path());
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the stream uses {@code candidate}, or is trying it. */
    boolean uses(MemoryProvider<?> candidate) {
        return provider == candidate || buffers.trying(candidate);
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
        try {
            return progress.await(() -> !uses(gone), true, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        long limit = request.frameLimit();
        try {
            queue.confineViews(); // every QBUF, swap and free of the stream runs here: views cost no handshake
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
                buffers.requeueReleased();
                Frame frame = queue.dequeue(POLL_MILLIS);
                if (queue.takeEventPending()) {
                    delivery.events(queue);
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
                log.info("stream {} on {}: device removed ({})", id, queue.path(), e.call());
            } else {
                failure = t;
                state = StreamState.FAILED;
                log.warn("stream {} on {} failed", id, queue.path(), t);
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
            delivery.events(queue);
        }
    }

    @Override
    public void subscribe(EventType type, int eventId) {
        queue.subscribe(type, eventId);
    }

    private void checkStall() {
        long now = System.nanoTime();
        if (queue.queuedCount() == 0) {
            counters.waitStarted(now); // the application holds every buffer: nothing to wait for
        } else if (counters.waitingNanos(now) > STALL_NANOS) {
            throw new V4l2Exception("no frame for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s",
                    queue.path(), "VIDIOC_DQBUF");
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
        buffers.takeBack(this::awaitWakeup);
        provider = null;
        progress.signal();
        MemoryProvider<?> next = buffers.start(usable, p -> provider = p);
        if (next == null) {
            state = StreamState.PAUSED;
            log.info("stream {} on {} paused: no memory provider it may use ({}; wanted {}, registered: {})", id,
                    queue.path(), why, preference, providers.registered());
            return;
        }
        swap = new PendingSwap(from, why, lastFrame, period);
        counters.swapped();
        begin(next);
        log.info("stream {} on {}: {} memory, was {} ({})", id, queue.path(), next.memoryType(), from, why);
    }

    /** Streaming has started with {@code started}. */
    private void begin(MemoryProvider<?> started) {
        counters.started(started.memoryType());
        format = queue.format();
        counters.waitStarted(System.nanoTime());
        provider = started;
        state = StreamState.STREAMING;
        progress.signal();
    }

    private void deliver(Frame frame) {
        long now = System.nanoTime();
        if (swap != null) {
            swap.report(now, provider.memoryType(), counters, delivery.listener(), log, id, queue.path());
            swap = null;
        }
        delivery.frame(frame);
        progress.delivered(counters, now);
    }

    private void release() {
        try {
            if (provider != null && buffers.held() > 0) {
                buffers.takeBack(this::awaitWakeup);
            }
        } catch (RuntimeException e) {
            log.warn("stream {}: taking back retained frames on {} failed", id, queue.path(), e);
        }
        try {
            queue.close();
        } catch (RuntimeException e) {
            if (state == StreamState.REMOVED) {
                // STREAMOFF and REQBUFS fail on a removed device; mappings and the fd are released all the same
                log.debug("stream {}: releasing removed {}: {}", id, queue.path(), e.getMessage());
            } else {
                if (failure == null) {
                    failure = e;
                    state = StreamState.FAILED;
                }
                log.warn("stream {}: releasing {} failed", id, queue.path(), e);
            }
        } finally {
            provider = null;
            onEnd.accept(this); // first: once close() or awaitEnd() returns, streams() no longer lists it
            progress.released();
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
            return progress.awaitReleased(timeout);
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
        return queue.path();
    }

    @Override
    public Capability capability() {
        return queue.capability();
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
    public Optional<String> provider() {
        return Optional.ofNullable(provider).map(Providers::name);
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
        return progress.await(() -> counters.frames() >= count, false, timeout);
    }

    @Override
    public StreamStats awaitEnd(Duration timeout) throws InterruptedException {
        progress.awaitReleased(timeout);
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
            log.warn("stream {} on {} did not stop within {} s", id, queue.path(), wait.toSeconds());
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " " + queue.path() + " " + format.describe() + " " + state;
    }
}
