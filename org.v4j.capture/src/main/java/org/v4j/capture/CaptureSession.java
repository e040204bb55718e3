package org.v4j.capture;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Device;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;
import org.v4j.ioctl.V4l2Exception;

/**
 * One capture stream: opened and started synchronously (so errors reach the caller), then driven
 * by its own thread in a DQBUF → deliver → QBUF loop that allocates nothing per frame. Whatever
 * ends it, the thread releases every view, mapping, kernel buffer and the fd before it finishes.
 */
final class CaptureSession implements CaptureStream {
    private static final System.Logger LOG = System.getLogger(CaptureSession.class.getName());
    private static final int POLL_MILLIS = 200;
    /** Fail rather than hang when a device stops delivering. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final int id;
    private final CaptureRequest request;
    private final MemoryProvider provider;
    private final FrameListener listener;
    private final Consumer<CaptureSession> onEnd;
    private final Device device;
    private final BufferQueue queue;
    private final Format format;
    private final long startNanos;
    private final Object progress = new Object();
    private final CountDownLatch released = new CountDownLatch(1);
    private Thread thread;

    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile StreamState state = StreamState.STREAMING;
    private volatile long frames;
    private volatile long dequeued;
    private volatile long dropped;
    private volatile long lastFrameNanos;
    private long lastSequence = -1;

    private CaptureSession(int id, CaptureRequest request, MemoryProvider provider, FrameListener listener,
            Consumer<CaptureSession> onEnd, Device device, BufferQueue queue, Format format) {
        this.id = id;
        this.request = request;
        this.provider = provider;
        this.listener = listener;
        this.onEnd = onEnd;
        this.device = device;
        this.queue = queue;
        this.format = format;
        this.startNanos = System.nanoTime();
        this.lastFrameNanos = startNanos;
    }

    /** Opens the device, sets the format, allocates and queues every buffer, and starts streaming. */
    static CaptureSession open(int id, CaptureRequest request, MemoryProvider provider, FrameListener listener,
            Consumer<CaptureSession> onEnd) {
        Device device = Device.open(request.device());
        try {
            BufferType type = device.captureType();
            Format format = request.setsFormat()
                    ? device.setFormat(type, request.width(), request.height(), request.pixelFormat())
                    : device.format(type);
            if (request.setsFormat() && !format.pixelFormat().equals(request.pixelFormat())) {
                throw new V4l2Exception("pixel format " + request.pixelFormat() + " is not supported (offers "
                        + device.formats(type).stream().map(f -> f.pixelFormat().toString()).toList() + ")",
                        device.path(), "VIDIOC_S_FMT", 0);
            }
            BufferQueue queue = device.queue(type);
            BufferPool pool = queue.allocate(provider, request.bufferCount(), request.source());
            for (int i = 0; i < pool.size(); i++) {
                queue.queue(i, pool.handles(i));
            }
            queue.streamOn();
            return new CaptureSession(id, request, provider, listener, onEnd, device, queue, queue.format());
        } catch (RuntimeException e) {
            try {
                device.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    void startThread() {
        thread = new Thread(this::run, "v4j-capture-" + id + " " + device.path());
        thread.setDaemon(true);
        thread.start();
    }

    MemoryProvider provider() {
        return provider;
    }

    private void run() {
        long limit = request.frameLimit();
        try {
            while (!stopRequested && (limit == 0 || frames < limit)) {
                Frame frame = queue.dequeue(POLL_MILLIS);
                if (frame == null) {
                    if (System.nanoTime() - lastFrameNanos > STALL_NANOS) {
                        throw new V4l2Exception("no frame for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s",
                                device.path(), "VIDIOC_DQBUF", 0);
                    }
                    continue;
                }
                dequeued++;
                count(frame.sequence());
                deliver(frame);
                if (!stopRequested && (limit == 0 || frames < limit)) {
                    queue.queue(frame.index(), frame.handles());
                }
            }
            state = failure == null ? StreamState.ENDED : StreamState.FAILED;
        } catch (Throwable t) {
            failure = t;
            state = StreamState.FAILED;
            LOG.log(System.Logger.Level.WARNING, "stream " + id + " on " + device.path() + " failed", t);
        } finally {
            release();
        }
    }

    /**
     * Counts gaps in the driver's sequence numbers. Branch-free ({@code gap & ~(gap >> 63)} is
     * {@code max(gap, 0)}): a rarely taken branch would deoptimize the loop when the first drop
     * comes, and deoptimization allocates.
     */
    private void count(int sequence) {
        long seq = Integer.toUnsignedLong(sequence);
        if (lastSequence >= 0) {
            long gap = seq - lastSequence - 1;
            dropped += gap & ~(gap >> 63);
        }
        lastSequence = seq;
    }

    private void deliver(Frame frame) {
        try {
            listener.onFrame(frame);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stream " + id + ": frame listener failed", e);
        }
        synchronized (progress) {
            frames++;
            lastFrameNanos = System.nanoTime();
            progress.notifyAll();
        }
    }

    private void release() {
        try {
            device.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
                state = StreamState.FAILED;
            }
            LOG.log(System.Logger.Level.WARNING, "stream " + id + ": releasing " + device.path() + " failed", e);
        } finally {
            released.countDown();
            synchronized (progress) {
                progress.notifyAll();
            }
            onEnd.accept(this);
        }
    }

    /** Asks the stream to end because of {@code cause} (null: a normal stop). */
    void stop(Throwable cause) {
        if (cause != null && failure == null) {
            failure = cause;
        }
        stopRequested = true;
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
    public StreamStats stats() {
        return new StreamStats(frames, dequeued - frames, dropped, 0, List.of(provider.memoryType()),
                Duration.ofNanos(lastFrameNanos - startNanos), state);
    }

    @Override
    public boolean awaitFrames(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (frames < count) {
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
        if (!awaitReleased(Duration.ofSeconds(10)) && Thread.currentThread() != thread) {
            LOG.log(System.Logger.Level.WARNING, "stream " + id + " on " + device.path() + " did not stop within 10 s");
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " " + device.path() + " " + format.describe() + " " + state;
    }
}
