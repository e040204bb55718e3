package org.v4j.cli;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.Fraction;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.StreamStats;
import org.v4j.device.BufferQueue;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;

/**
 * {@code v4j bench}: the v4j rows of {@code ./v4j bench} (bench/run runs the others and prints the
 * table). Each variant sets the format and frame rate, streams {@code --warmup} frames, then
 * measures {@code --frames} more in a {@link BenchWindow} and prints one line:
 * {@code v4j-bench variant=stream-mmap memory=MMAP frames=... seconds=... cpu_ns=... thread_ns=...
 * dropped=... rss_kb=... alloc_bytes=...}, then where the CPU went by thread
 * ({@code v4j-bench-threads variant=...}, tab-separated).
 *
 * <ul>
 * <li>{@code raw-TYPE}: the device layer's own loop on this thread: {@link Device}, a
 * {@link BufferQueue} allocated from the TYPE provider service, dequeue, read, queue.
 * <li>{@code stream-TYPE}: a {@link CaptureStream} from the capture service with only TYPE
 * memory and a listener on the stream's thread.
 * </ul>
 * Both read every byte of every plane (as 64-bit words, summed), as bench/floor.c does.
 */
final class BenchCommand {
    static final List<String> VARIANTS = List.of("raw-mmap", "raw-userptr", "raw-dmabuf", "stream-mmap", "stream-userptr",
            "stream-dmabuf");
    private static final Duration FRAME_WAIT = Duration.ofSeconds(5);

    private final String device;
    private final int width, height, fps;
    private final long warmup, frames;
    private final List<String> variants;
    private final String source;
    private final boolean markers;
    private final CaptureService capture;
    private final PrintStream out;

    private BenchCommand(String[] args, CaptureService capture, PrintStream out) {
        String device = null, source = "heap";
        int width = 320, height = 180, fps = 60;
        long warmup = 600, frames = 1200;
        List<String> variants = VARIANTS;
        boolean markers = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--markers")) {
                markers = true;
                continue;
            }
            if (option.equals("--vm")) {
                continue;
            }
            if (++i >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[i];
            switch (option) {
                case "-d", "--device" -> device = value;
                case "--size" -> {
                    int[] size = CaptureOptions.size(option, value);
                    width = size[0];
                    height = size[1];
                }
                case "--fps" -> fps = (int) CaptureOptions.positive(option, value);
                case "--warmup" -> warmup = CaptureOptions.positive(option, value);
                case "--frames" -> frames = CaptureOptions.positive(option, value);
                case "--dmabuf-from" -> source = value;
                case "--variants" -> {
                    variants = List.of(value.split(","));
                    for (String v : variants) {
                        if (!VARIANTS.contains(v)) {
                            throw new UsageException("unknown variant '" + v + "' (known: " + String.join(",", VARIANTS) + ")");
                        }
                    }
                }
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        this.device = device != null ? device : DeviceScan.firstCaptureDevice();
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.warmup = warmup;
        this.frames = frames;
        this.variants = variants;
        this.source = source;
        this.markers = markers;
        this.capture = capture;
        this.out = out;
    }

    static int run(String[] args, CaptureService capture, PrintStream out) {
        return new BenchCommand(args, capture, out).run();
    }

    private int run() {
        BenchWindow.warmUp();
        for (String variant : variants) {
            MemoryType memory = MemoryType.valueOf(variant.substring(variant.indexOf('-') + 1).toUpperCase(Locale.ROOT));
            String memorySource = memory == MemoryType.DMABUF ? source : null;
            BenchWindow window = new BenchWindow(variant, markers);
            Reader reader = variant.startsWith("raw-") ? raw(memory, memorySource, window) : stream(memory, memorySource, window);
            out.println("v4j-bench variant=" + variant + " memory=" + memory + " " + window.fields(frames, reader.dropped)
                    + String.format(Locale.ROOT, " checksum=%016x", reader.sum));
            out.println("v4j-bench-threads\tvariant=" + variant + window.threads(frames));
            out.flush();
        }
        return Commands.OK;
    }

    /** Sets the format and frame rate as bench/floor.c does (the stream keeps the rate: S_FMT to the same size). */
    private BufferType configure(Device d) {
        BufferType type = d.captureType();
        Format format = d.setFormat(type, width, height, PixelFormat.YUYV);
        if (format.width() != width || format.height() != height || !format.pixelFormat().equals(PixelFormat.YUYV)) {
            throw new V4l2Exception("the driver chose " + format.describe() + " instead of " + width + "x" + height + " YUYV",
                    device, "VIDIOC_S_FMT");
        }
        Fraction interval = d.setFrameInterval(type, new Fraction(1, fps));
        if (interval.perSecond() != fps) {
            throw new V4l2Exception("the driver chose " + interval + " s per frame instead of 1/" + fps, device, "VIDIOC_S_PARM");
        }
        return type;
    }

    /** The device layer's loop: this thread dequeues, reads every plane and queues the buffer again. */
    private Reader raw(MemoryType memory, String memorySource, BenchWindow window) {
        ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> providers = MemoryProviders.track(memory);
        try (Device d = Device.open(device)) {
            MemoryProvider<?> provider = providers.waitForService(10_000);
            if (provider == null) {
                throw new IllegalStateException("no " + memory + " memory provider within 10 s");
            }
            BufferQueue queue = d.queue(configure(d));
            queue.confineViews(); // this thread runs the queue: its views cost no handshake when revoked
            int count = queue.allocate(provider, 4, memorySource).size();
            for (int i = 0; i < count; i++) {
                queue.queue(i);
            }
            queue.streamOn();
            Reader reader = new Reader(window);
            while (reader.seen < warmup + frames) {
                DeviceFrame frame = queue.dequeue((int) FRAME_WAIT.toMillis());
                if (frame == null) {
                    throw new V4l2Exception("no frame within " + FRAME_WAIT.toSeconds() + " s", device, "VIDIOC_DQBUF");
                }
                reader.onFrame(frame);
                queue.queue(frame.index());
            }
            queue.streamOff();
            return reader;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            providers.close();
        }
    }


    /** A capture stream of {@code memory} only, its listener reading every plane on the stream's thread. */
    private Reader stream(MemoryType memory, String memorySource, BenchWindow window) {
        try (Device d = Device.open(device)) {
            configure(d);
        }
        Reader reader = new Reader(window);
        CaptureRequest request = CaptureRequest.of(device, memory).withSource(memorySource)
                .withFormat(width, height, PixelFormat.YUYV).withFrameLimit(warmup + frames);
        try (CaptureStream stream = capture.start(request, reader)) {
            StreamStats stats = stream.awaitEnd(FRAME_WAIT.multipliedBy(1 + (warmup + frames) / fps));
            if (stream.failure().isPresent()) {
                Throwable failure = stream.failure().get();
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            if (stats.frames() != warmup + frames || !stats.memory().equals(List.of(memory))) {
                throw new IllegalStateException(variant(memory) + ": " + stats.frames() + " frames, memory " + stats.memoryPath()
                        + ", state " + stats.state());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return reader;
    }

    private static String variant(MemoryType memory) {
        return "stream-" + memory.name().toLowerCase(Locale.ROOT);
    }

    /** Reads every byte of every plane, counts sequence gaps, opens and closes the window. */
    private final class Reader implements FrameListener {
        private final BenchWindow window;
        long seen, dropped, sum;
        private long last = -1;

        Reader(BenchWindow window) {
            this.window = window;
        }

        @Override
        public void onFrame(Frame frame) {
            seen++;
            for (int p = 0; p < frame.planeCount(); p++) {
                frame.withPlane(p, plane -> sum += sum(plane)); // a view only for the call: nothing allocated once compiled
            }
            int sequence = frame.sequence();
            if (seen > warmup && last >= 0 && sequence > last + 1) {
                dropped += sequence - last - 1;
            }
            last = sequence;
            if (seen == warmup) {
                window.open();
            } else if (seen == warmup + frames) {
                window.close();
            }
        }
    }

    /** The sum of a segment's bytes read as 64-bit words (the last few as bytes), as bench/floor.c sums them. */
    static long sum(MemorySegment segment) {
        long n = segment.byteSize(), sum = 0, i = 0;
        for (; i + 8 <= n; i += 8) {
            sum += segment.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        for (; i < n; i++) {
            sum += segment.get(ValueLayout.JAVA_BYTE, i) & 0xff;
        }
        return sum;
    }
}
