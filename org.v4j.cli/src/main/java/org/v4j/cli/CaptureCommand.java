package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.StreamStats;
import org.v4j.api.V4l2Exception;

/**
 * {@code v4j capture}: streams N frames through the capture service and prints one summary line,
 * {@code captured 50 frames from /dev/video0 (driver vivid) 640x360 YUYV memory=MMAP lost=0 dropped=0 swaps=0 in 9.8 s}.
 */
final class CaptureCommand {
    private final CaptureOptions options;
    private final CaptureService capture;
    private final PrintStream out;

    CaptureCommand(CaptureOptions options, CaptureService capture, PrintStream out) {
        this.options = options;
        this.capture = capture;
        this.out = out;
    }

    /** The request the options describe; without -d, the first capture device. */
    static CaptureRequest request(CaptureOptions options) {
        String device = options.device() != null ? options.device() : DeviceScan.firstCaptureDevice();
        CaptureRequest request = CaptureRequest.of(device, options.memory()).withSource(options.source())
                .withFrameLimit(options.count());
        if (options.pixelFormat() != null || options.width() > 0) {
            request = request.withFormat(options.width(), options.height(), options.pixelFormat());
        }
        return request;
    }

    /**
     * Streams, then prints the summary line. A stream that ended early (the device unplugged, a
     * provider failure) after some frames still prints it, with what was captured, and then fails
     * with the reason; one that gave no frame just fails.
     */
    int run() {
        CaptureRequest request = request(options);
        String device = request.device();
        if (options.png() != null) {
            checkWritable(options.png());
        }
        LastFrame last = new LastFrame(options.png() != null ? options.count() : 0);
        StreamStats stats;
        Format format;
        String driver;
        Throwable failure;
        try (CaptureStream stream = start(request, last)) {
            format = stream.format();
            driver = stream.capability().driver();
            stats = stream.awaitEnd(Duration.ofDays(365));
            failure = stream.failure().orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (failure != null && stats.frames() == 0) {
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        if (options.png() != null && failure == null) {
            try {
                Png.write(options.png(), Rgb.convert(format, last.planes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + options.png() + ": " + reason(e), e);
            }
        }
        out.println(String.format(Locale.ROOT, "captured %d frames from %s (driver %s) %s memory=%s lost=%d dropped=%d swaps=%d in %.1f s",
                stats.frames(), device, driver, format.describe(), stats.memoryPath(), stats.lost(), stats.dropped(),
                stats.swaps(), stats.elapsed().toNanos() / 1e9));
        if (failure != null) {
            throw new IllegalStateException("the stream ended " + stats.state() + " after " + stats.frames() + " of "
                    + options.count() + " frames: " + failure.getMessage(), failure);
        }
        return Commands.OK;
    }

    /** Refuses a PNG path that cannot be written before streaming, not after. */
    private static void checkWritable(Path png) {
        Path dir = png.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException("cannot write " + png + ": no such directory " + dir,
                    new NoSuchFileException(dir.toString()));
        }
        if (!Files.isWritable(dir)) {
            throw new UncheckedIOException("cannot write " + png + ": the directory " + dir + " is not writable",
                    new AccessDeniedException(dir.toString()));
        }
    }

    /** An I/O failure in words: the JDK's messages for these name only the file. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "cannot create " + n.getFile() + " (no such file or directory)";
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            default -> e.toString();
        };
    }

    /** A format the PNG writer cannot convert is refused before streaming, not after. */
    private CaptureStream start(CaptureRequest request, LastFrame last) {
        CaptureStream stream = capture.start(request, last);
        if (options.png() != null && !Rgb.supports(stream.format().pixelFormat())) {
            stream.close();
            throw new V4l2Exception("cannot write a PNG of pixel format " + stream.format().pixelFormat()
                    + " (supported: " + Rgb.SUPPORTED + ")", request.device(), "VIDIOC_G_FMT");
        }
        return stream;
    }

    /** Copies the planes of the frame numbered {@code wanted} (the last one) while it is valid. */
    private static final class LastFrame implements FrameListener {
        private final long wanted;
        private long seen;
        volatile byte[][] planes;

        LastFrame(long wanted) {
            this.wanted = wanted;
        }

        @Override
        public void onFrame(Frame frame) {
            if (++seen == wanted) {
                byte[][] copy = new byte[frame.planeCount()][];
                for (int p = 0; p < copy.length; p++) {
                    copy[p] = frame.plane(p).toArray(ValueLayout.JAVA_BYTE);
                }
                planes = copy;
            }
        }
    }
}
