package org.v4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.EncodeChain;

/**
 * {@code v4j encode [-d CAMERA] --to FILE [--count N] [--size WxH] [--pixelformat FOURCC]
 * [--encoder NODE]}: N camera frames through a stateful FWHT encoder (vicodec), zero-copy: the
 * camera's MMAP buffers are exported and imported by the encoder's OUTPUT queue. The encoded frames
 * go to FILE back to back (each carries its own header). One summary line. When the MMAP provider
 * goes away during the run (its bundle stopped), the camera moves to the DMABUF provider's memory
 * before the stop returns, and the encoder imports those dma-bufs instead; a line before the
 * summary says so.
 */
final class EncodeCommand {
    static final PixelFormat FWHT = PixelFormat.of("FWHT");
    private static final int BUFFERS = 4, STALL_MILLIS = 10_000, SWAP_SECONDS = 10;

    private EncodeCommand() {}

    static int run(String[] args, PrintStream out) {
        String device = null, encoder = null;
        Path to = null;
        int count = 30, width = 640, height = 360;
        PixelFormat pixelFormat = PixelFormat.YUYV;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = option.equals("--vm") ? null : (++i < args.length ? args[i] : null);
            if (!option.equals("--vm") && value == null) {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "-d", "--device" -> device = value;
                case "--to" -> to = Path.of(value);
                case "--count" -> count = (int) CaptureOptions.positive(option, value);
                case "--encoder" -> encoder = value;
                case "--pixelformat" -> pixelFormat = PixelFormat.of(value);
                case "--size" -> {
                    int[] size = CaptureOptions.size(option, value);
                    width = size[0];
                    height = size[1];
                }
                case "--vm" -> { }
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (to == null) {
            throw new UsageException("encode needs --to FILE");
        }
        Path target = to;
        String camPath = device != null ? device : DeviceScan.firstCaptureDevice();
        String encPath = encoder != null ? encoder : DeviceScan.firstCodec(FWHT, false);
        AtomicReference<EncodeChain> running = new AtomicReference<>();
        ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> dmabuf = MemoryProviders.track(MemoryType.DMABUF);
        ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> mmap = MemoryProviders.track(MemoryType.MMAP,
                gone -> swapAway(running.get(), dmabuf));
        long start = System.nanoTime();
        try (Device cam = Device.open(camPath); OutputStream file = Files.newOutputStream(to)) {
            BufferType type = cam.captureType();
            Format f = cam.setFormat(type, width, height, pixelFormat);
            if (!f.pixelFormat().equals(pixelFormat) || f.width() != width || f.height() != height) {
                throw new V4l2Exception("the camera chose " + f.describe() + " instead of " + width + "x" + height + " "
                        + pixelFormat, camPath, "VIDIOC_S_FMT");
            }
            BufferQueue camera = cam.queue(type);
            MemoryProvider<MmapHandle> provider = MemoryProviders.await(mmap, MemoryType.MMAP);
            Buffers<MmapHandle> buffers = camera.allocate(provider, BUFFERS, null);
            EncodeChain.Result r;
            String encDriver;
            MemoryType ended;
            try (EncodeChain chain = EncodeChain.open(camera, buffers, encPath, provider, BUFFERS)) {
                encDriver = chain.encoder().device().capability().driver();
                running.set(chain);
                r = chain.run(count, null, frame -> {
                    try {
                        file.write(frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
                    }
                }, STALL_MILLIS);
            } finally {
                running.set(null);
                ended = camera.memoryType();
                camera.free();
            }
            if (r.swaps() > 0) {
                out.printf(Locale.ROOT, "camera memory MMAP>%s during the run (the MMAP provider went away): the encoder"
                        + " imported the new memory's dma-bufs, no copy%n", ended);
            }
            out.printf(Locale.ROOT, "encoded %d frames from %s (driver %s) %s to %s with %s (driver %s): %d bytes %s,"
                    + " zero-copy (camera dma-bufs imported by the encoder), %s in %.1f s%n", r.encoded(), camPath,
                    cam.capability().driver(), f.describe(), to, encPath, encDriver, r.bytes(), FWHT,
                    r.last() ? "drained to the LAST buffer" : "not drained", (System.nanoTime() - start) / 1e9);
            return r.encoded() == count && r.last() ? Commands.OK : Commands.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to + ": " + e.getMessage(), e);
        } finally {
            mmap.close();
            dmabuf.close();
        }
    }

    /**
     * The MMAP provider is going away while {@code chain} runs (null: not running): the camera
     * moves to the DMABUF provider's memory, and the provider's unregistration waits for it.
     */
    private static void swapAway(EncodeChain chain, ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> dmabuf) {
        MemoryProvider<?> next = dmabuf.getService();
        if (chain == null) {
            return;
        }
        if (next == null) {
            System.err.println("encode: the MMAP provider went away and there is no DMABUF provider: the camera keeps"
                    + " its MMAP buffers until the end of the run");
            return;
        }
        try {
            chain.swapCamera(next, null).get(SWAP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            System.err.println("encode: the camera did not move to DMABUF memory: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
