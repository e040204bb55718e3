package org.v4j.itest;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.PixelFormat;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/**
 * A capture service with no driver, for the HTTP endpoints on the host: 160x120 YUYV frames at
 * 30 fps from two buffers, a colour that changes every frame (the Y value is the sequence number
 * times 8), delivered on the stream's own thread; a frame the consumer still retains is not
 * reused (the driver would not get it back either).
 */
final class FakeCapture implements CaptureService {
    static final int WIDTH = 160, HEIGHT = 120;

    /** The encoder the HTTP bundle must pick here: TurboJPEG exactly where libturbojpeg is installed. */
    static String expectedEncoder() {
        boolean installed = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0"));
        return installed ? "turbojpeg" : "javax.imageio";
    }
    /** The {@code capture.target} filter that points the HTTP bundle at a {@link #register}ed fake. */
    static final String TARGET = "(fake=true)";

    final List<CaptureStream> streams = new CopyOnWriteArrayList<>();

    /** Registers this fake as a {@link CaptureService}, found by {@link #TARGET}. */
    void register(org.osgi.framework.BundleContext context) {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("fake", "true");
        context.registerService(CaptureService.class, this, props);
    }

    /** The HTTP bundle's configuration ({@code org.v4j.http}), for a test to update as {@code ./v4j serve} does. */
    static org.osgi.service.cm.Configuration httpConfiguration(org.osgi.framework.BundleContext context)
            throws InterruptedException, java.io.IOException {
        var cm = new org.osgi.util.tracker.ServiceTracker<org.osgi.service.cm.ConfigurationAdmin,
                org.osgi.service.cm.ConfigurationAdmin>(context, org.osgi.service.cm.ConfigurationAdmin.class, null);
        cm.open();
        try {
            return cm.waitForService(30_000).getConfiguration("org.v4j.http", "?");
        } finally {
            cm.close();
        }
    }
    final AtomicInteger retained = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    @Override
    public CaptureStream start(CaptureRequest request, FrameListener listener) {
        if (request.device().contains("refused")) { // a node that is not there, as the real service says it
            throw new org.v4j.api.V4l2Exception("no such file or directory", request.device(), "open");
        }
        FakeStream s = new FakeStream(request.device(), listener);
        streams.add(s);
        s.thread.start();
        return s;
    }

    @Override
    public Set<MemoryType> memoryTypes() {
        return Set.of(MemoryType.MMAP);
    }

    @Override
    public List<CaptureStream> streams() {
        return List.copyOf(streams);
    }

    private final class FakeFrame implements Frame {
        final int index;
        final byte[] data = new byte[WIDTH * HEIGHT * 2];
        final AtomicInteger holds = new AtomicInteger();
        int sequence;
        long timestamp;

        FakeFrame(int index) {
            this.index = index;
        }

        void fill(int seq) {
            sequence = seq;
            timestamp = System.nanoTime();
            for (int i = 0; i < data.length; i += 4) {
                data[i] = (byte) (16 + (seq * 8) % 200);
                data[i + 1] = (byte) 128;
                data[i + 2] = data[i];
                data[i + 3] = (byte) 128;
            }
        }

        @Override public int index() { return index; }
        @Override public Format format() { return FORMAT; }
        @Override public int planeCount() { return 1; }
        @Override public int sequence() { return sequence; }
        @Override public long timestampNanos() { return timestamp; }
        @Override public boolean hasError() { return false; }
        @Override public int bytesUsed(int plane) { return data.length; }
        @Override public void setBytesUsed(int plane, int bytes) { throw new UnsupportedOperationException(); }
        @Override public MemoryType memoryType() { return MemoryType.MMAP; }
        @Override public boolean isQueued() { return false; }
        @Override public MemorySegment plane(int plane) { return MemorySegment.ofArray(data).asReadOnly(); }
        @Override public void withPlane(int plane, java.util.function.Consumer<? super MemorySegment> access) { access.accept(plane(plane)); }

        @Override
        public Frame retain() {
            holds.incrementAndGet();
            retained.incrementAndGet();
            return this;
        }

        @Override
        public void release() {
            holds.decrementAndGet();
            released.incrementAndGet();
        }

        @Override public boolean isHeld() { return holds.get() > 0; }
    }

    static final Format FORMAT = new Format(BufferType.VIDEO_CAPTURE, WIDTH, HEIGHT, PixelFormat.YUYV, 1, 8,
            List.of(new PlaneFormat(WIDTH * 2, WIDTH * HEIGHT * 2)));

    /** Unplugs {@code device}: its stream ends REMOVED by itself. */
    void unplug(String device) {
        for (CaptureStream s : streams) {
            if (s.device().equals(device)) {
                ((FakeStream) s).remove();
            }
        }
    }

    /** Unplugs the device of the first stream. */
    void unplug() {
        ((FakeStream) streams.get(0)).remove();
    }

    private final class FakeStream implements CaptureStream {
        private static final AtomicInteger IDS = new AtomicInteger(100);
        private final int id = IDS.incrementAndGet();
        private final String device;
        private final Thread thread;
        private final long started = System.nanoTime();
        private volatile long frames;
        private volatile StreamState state = StreamState.STREAMING;

        FakeStream(String device, FrameListener listener) {
            this.device = device;
            FakeFrame[] buffers = {new FakeFrame(0), new FakeFrame(1)};
            this.thread = new Thread(() -> {
                int seq = 0;
                while (state == StreamState.STREAMING) {
                    FakeFrame f = buffers[seq % 2];
                    if (!f.isHeld()) {
                        f.fill(seq);
                        listener.onFrame(f);
                        frames++;
                    }
                    seq++;
                    try {
                        Thread.sleep(33);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fake-stream " + device);
        }

        @Override public int id() { return id; }
        @Override public String device() { return device; }

        @Override
        public Capability capability() {
            return new Capability("fake", "Fake camera", "test:fake", 0x60c00, 0x85200001, 0x05200001, Set.of());
        }

        @Override public Format format() { return FORMAT; }

        @Override
        public StreamStats stats() {
            return new StreamStats(frames, 0, 0, 0, List.of(MemoryType.MMAP), Duration.ofNanos(System.nanoTime() - started),
                    Duration.ZERO, 0, state);
        }

        @Override public MemoryPreference memory() { return MemoryPreference.AUTO; }
        @Override public Optional<String> provider() { return Optional.of("fake"); }
        @Override public void subscribe(EventType type, int controlId) {}
        @Override public void setMemory(MemoryPreference preference) {}

        @Override
        public boolean awaitFrames(long n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (frames < n && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            return frames >= n;
        }

        @Override
        public StreamStats awaitEnd(Duration timeout) throws InterruptedException {
            thread.join(Math.max(1, timeout.toMillis()));
            return stats();
        }

        @Override public Optional<Throwable> failure() { return Optional.empty(); }

        /** As an unplug: the stream ends REMOVED by itself. */
        void remove() {
            state = StreamState.REMOVED;
            thread.interrupt();
        }

        @Override
        public void close() {
            if (state == StreamState.STREAMING) {
                state = StreamState.ENDED;
            }
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            streams.remove(this);
        }
    }
}
