package org.v4j.http;

import java.awt.image.BufferedImage;
import java.lang.foreign.MemorySegment;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.FrameListener;

/**
 * Between the capture stream and the HTTP clients. On the stream's thread it only counts and, when
 * someone waits for a picture and the encoder is idle, retains the frame and hands it to the
 * encoder thread; otherwise the buffer goes straight back to the driver. The encoder takes the
 * plane views (a retained frame's views may be used on any thread), reads them into its scratch,
 * releases the frame, compresses, and puts the picture in each client's mailbox. Nobody watching:
 * nothing is encoded. Capture never waits for the encoder or a client.
 */
final class FrameHub implements FrameListener, AutoCloseable {
    private final ExecutorService worker;
    private final JpegEncoder encoder;
    private final PassThroughJpeg passThrough = new PassThroughJpeg();
    private volatile String encoderUsed;
    private final LongAdder truncated = new LongAdder();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
    private final Queue<CompletableFuture<Picture>> jpegWaiters = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<BufferedImage>> pngWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicLongArray framesByMemory = new AtomicLongArray(MemoryType.values().length);
    private final LongAdder capturedBytes = new LongAdder();
    private final LongAdder encoded = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder sentFrames = new LongAdder();
    private final LongAdder droppedByGoneViewers = new LongAdder();
    final Histogram encodeTime = new Histogram(Histogram.SECONDS);
    final Histogram frameAge = new Histogram(Histogram.SECONDS);
    private volatile int quality;
    private volatile long minIntervalNanos;
    private volatile Picture latest;
    private volatile double periodNanos;
    private volatile long lastTimestamp; // written by the stream's thread only
    private long lastEncodedTimestamp = Long.MIN_VALUE / 2;

    /**
     * @param quality JPEG quality 1-100
     * @param fpsCap  at most this many encoded frames a second; 0: every frame the encoder keeps up with
     */
    FrameHub(JpegEncoder encoder, int quality, double fpsCap, String device) {
        this.encoder = encoder;
        this.encoderUsed = encoder.name();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "v4j-http-encoder " + device);
            t.setDaemon(true);
            return t;
        });
        configure(quality, fpsCap);
    }

    void configure(int jpegQuality, double fpsCap) {
        this.quality = jpegQuality;
        this.minIntervalNanos = fpsCap > 0 ? (long) (1e9 / fpsCap) : 0;
    }

    @Override
    public void onFrame(Frame frame) {
        framesByMemory.incrementAndGet(frame.memoryType().ordinal());
        long ts = frame.timestampNanos();
        if (lastTimestamp != 0 && ts > lastTimestamp) {
            double p = ts - lastTimestamp;
            periodNanos = periodNanos == 0 ? p : periodNanos * 0.9 + p * 0.1;
        }
        lastTimestamp = ts;
        for (int i = 0; i < frame.planeCount(); i++) {
            capturedBytes.add(frame.bytesUsed(i));
        }
        if (!wanted() || frame.hasError()) {
            return;
        }
        if (ts - lastEncodedTimestamp < minIntervalNanos || !busy.compareAndSet(false, true)) {
            skipped.increment();
            return;
        }
        lastEncodedTimestamp = ts;
        frame.retain();
        try {
            worker.execute(() -> encode(frame));
        } catch (RuntimeException rejected) { // closing
            busy.set(false);
            frame.release();
        }
    }

    private boolean wanted() {
        return !viewers.isEmpty() || !jpegWaiters.isEmpty() || !pngWaiters.isEmpty();
    }

    /** On the encoder thread, with the frame retained by the stream's thread. */
    private void encode(Frame frame) {
        try {
            long start = System.nanoTime();
            Format format = frame.format();
            int sequence = frame.sequence();
            long timestamp = frame.timestampNanos();
            JpegEncoder.Encoding encoding;
            JpegEncoder chosen = PassThroughJpeg.handles(format) ? passThrough : encoder;
            encoderUsed = chosen.name();
            try {
                MemorySegment[] planes = new MemorySegment[frame.planeCount()];
                for (int i = 0; i < planes.length; i++) {
                    planes[i] = frame.plane(i);
                }
                encoding = chosen.read(format, planes);
            } catch (JpegFrames.TruncatedException cutShort) {
                truncated.increment(); // skipped, never sent: the waiters get the next frame
                return;
            } finally {
                frame.release();
            }
            if (!pngWaiters.isEmpty()) {
                BufferedImage rgb = encoding.rgb();
                complete(pngWaiters, () -> rgb);
            }
            if (!viewers.isEmpty() || !jpegWaiters.isEmpty()) {
                byte[] jpeg = encoding.jpeg(quality);
                long took = System.nanoTime() - start;
                encodeTime.observeNanos(took);
                encoded.increment();
                Picture picture = Picture.of(jpeg, sequence, timestamp, took);
                latest = picture;
                for (Viewer v : viewers) {
                    v.offer(picture);
                }
                complete(jpegWaiters, () -> picture);
            }
        } catch (RuntimeException e) {
            fail(jpegWaiters, e);
            fail(pngWaiters, e);
        } finally {
            busy.set(false);
        }
    }

    private static <T> void complete(Queue<CompletableFuture<T>> waiters, Supplier<T> value) {
        for (CompletableFuture<T> f; (f = waiters.poll()) != null; ) {
            f.complete(value.get());
        }
    }

    private static <T> void fail(Queue<CompletableFuture<T>> waiters, Throwable e) {
        for (CompletableFuture<T> f; (f = waiters.poll()) != null; ) {
            f.completeExceptionally(e);
        }
    }

    /** The JPEG of the next frame. */
    CompletableFuture<Picture> nextJpeg() {
        CompletableFuture<Picture> f = new CompletableFuture<>();
        jpegWaiters.add(f);
        return f;
    }

    /** The next frame as RGB, for a PNG. */
    CompletableFuture<BufferedImage> nextRgb() {
        CompletableFuture<BufferedImage> f = new CompletableFuture<>();
        pngWaiters.add(f);
        return f;
    }

    /**
     * A new {@code /stream} client. When others watch, the newest picture is at most a frame old:
     * the new client gets it at once instead of waiting for the next frame and its encode.
     */
    Viewer join() {
        Viewer v = new Viewer();
        viewers.add(v);
        Picture newest = latest;
        double period = periodNanos;
        if (newest != null && period > 0 && lastTimestamp - newest.timestampNanos() <= 1.5 * period) {
            v.offer(newest);
        }
        return v;
    }

    void leave(Viewer v) {
        if (viewers.remove(v)) {
            droppedByGoneViewers.add(v.dropped());
        }
        v.close();
    }

    /** What a client was sent: for the byte counter and the frame age at the client. */
    void sent(Picture picture, int bytes) {
        sentBytes.add(bytes);
        sentFrames.increment();
        frameAge.observeNanos(System.nanoTime() - picture.timestampNanos());
    }

    int viewerCount() {
        return viewers.size();
    }

    long clientDropped() {
        long n = droppedByGoneViewers.sum();
        for (Viewer v : viewers) {
            n += v.dropped();
        }
        return n;
    }

    long frames(MemoryType type) {
        return framesByMemory.get(type.ordinal());
    }

    long capturedBytes() {
        return capturedBytes.sum();
    }

    long encoded() {
        return encoded.sum();
    }

    long skipped() {
        return skipped.sum();
    }

    long sentBytes() {
        return sentBytes.sum();
    }

    long sentFrames() {
        return sentFrames.sum();
    }

    /** The encoder of the latest frame: the YUV one, or {@code passthrough} for a camera's own JPEG. */
    String encoderName() {
        return encoderUsed;
    }

    /** Camera JPEG frames skipped because they were cut short. */
    long truncated() {
        return truncated.sum();
    }

    int quality() {
        return quality;
    }

    /** Frames a second, from the driver's timestamps (a moving average); 0 before two frames. */
    double fps() {
        double p = periodNanos;
        return p > 0 ? 1e9 / p : 0;
    }

    Picture latest() {
        return latest;
    }

    /** Ends every client's stream and every waiting snapshot; the encoder finishes its frame (releasing it). */
    @Override
    public void close() {
        for (Viewer v : viewers) {
            leave(v);
        }
        IllegalStateException gone = new IllegalStateException("the camera stream ended");
        fail(jpegWaiters, gone);
        fail(pngWaiters, gone);
        worker.shutdown();
        try {
            if (worker.awaitTermination(5, TimeUnit.SECONDS)) {
                encoder.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
