package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;
import org.v4j.device.Mem2Mem;

/**
 * {@code v4j convert [-d CAMERA] [--via NODE] [--pixelformat FOURCC] [--count N] [--size WxH] [--png FILE]}:
 * N camera frames (RGB3: vim2m takes only RGB formats in) through a converter (vim2m, found by
 * driver name), zero-copy: the camera's MMAP buffers exported and imported by the converter's
 * OUTPUT queue. With RGB3 in and BGR3 out each result is checked against the channel swap done in
 * Java on a copy of its input (the copy is for the check only). One summary line.
 */
final class ConvertCommand {
    private static final PixelFormat RGB3 = PixelFormat.of("RGB3"), BGR3 = PixelFormat.of("BGR3");
    private static final int BUFFERS = 4, STALL_MILLIS = 10_000;

    private ConvertCommand() {}

    static int run(String[] args, PrintStream out) {
        String device = null, via = null;
        Path png = null;
        int count = 10, width = 640, height = 360;
        PixelFormat to = BGR3;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = option.equals("--vm") ? null : (++i < args.length ? args[i] : null);
            if (!option.equals("--vm") && value == null) {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "-d", "--device" -> device = value;
                case "--via" -> via = value;
                case "--pixelformat" -> to = PixelFormat.of(value);
                case "--count" -> count = (int) CaptureOptions.positive(option, value);
                case "--png" -> png = Path.of(value);
                case "--size" -> {
                    int[] size = CaptureOptions.size(option, value);
                    width = size[0];
                    height = size[1];
                }
                case "--vm" -> { }
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (png != null && !Rgb.supports(to)) {
            throw new UsageException("--png cannot convert " + to + " (supported: " + Rgb.SUPPORTED + ")");
        }
        String camPath = device != null ? device : DeviceScan.firstCaptureDevice();
        String m2mPath = via != null ? via : DeviceScan.firstOfDriver("vim2m");
        ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> mmap = MemoryProviders.track(MemoryType.MMAP);
        long start = System.nanoTime();
        try (Device cam = Device.open(camPath); Mem2Mem m2m = Mem2Mem.open(m2mPath)) {
            BufferType type = cam.captureType();
            Format f = cam.setFormat(type, width, height, RGB3);
            Format in = m2m.device().setFormat(m2m.output().type(), width, height, RGB3);
            Format result = m2m.device().setFormat(m2m.capture().type(), width, height, to);
            for (Format chosen : List.of(f, in, result)) {
                if (chosen.width() != width || chosen.height() != height) {
                    throw new V4l2Exception("chose " + chosen.describe() + " instead of " + width + "x" + height,
                            chosen == f ? camPath : m2mPath, "VIDIOC_S_FMT");
                }
            }
            if (!f.pixelFormat().equals(RGB3) || !in.pixelFormat().equals(RGB3) || !result.pixelFormat().equals(to)) {
                throw new V4l2Exception("the formats came out " + f.describe() + " -> " + in.describe() + " -> "
                        + result.describe() + ", not " + RGB3 + " -> " + to, m2mPath, "VIDIOC_S_FMT");
            }
            boolean check = to.equals(BGR3);
            BufferQueue camera = cam.queue(type), output = m2m.output(), capture = m2m.capture();
            MemoryProvider<MmapHandle> provider = MemoryProviders.await(mmap, MemoryType.MMAP);
            Buffers<MmapHandle> buffers = camera.allocate(provider, BUFFERS, null);
            int converted = 0, matched = 0;
            byte[] last = null;
            try {
                List<PrimitiveBufferHandles<DmaBuf, DmaBufHandle<DmaBufFd>>> handles = new ArrayList<>();
                for (int i = 0; i < camera.size(); i++) {
                    handles.add(new PrimitiveBufferHandles<>(DmaBuf.INSTANCE,
                            List.of(new DmaBufHandle<>(camera.export(buffers, i, 0), null))));
                }
                Buffers<PlaneHandle<DmaBuf>> imported = output.allocate(DmaBuf.INSTANCE, camera.size());
                capture.allocate(provider, BUFFERS, null);
                for (int i = 0; i < capture.size(); i++) {
                    capture.queue(i);
                }
                for (int i = 0; i < camera.size(); i++) {
                    camera.queue(i);
                }
                m2m.serve(camera);
                try {
                    camera.streamOn();
                    output.streamOn();
                    capture.streamOn();
                    ArrayDeque<byte[]> inputs = new ArrayDeque<>();
                    int fed = 0;
                    long lastProgress = System.nanoTime();
                    while (converted < count) {
                        int n = m2m.await(100);
                        boolean progress = false;
                        for (int r = 0; r < n; r++) {
                            BufferQueue ready = m2m.ready(r);
                            DeviceFrame frame = ready.dequeueReady();
                            if (frame == null) {
                                continue;
                            }
                            progress = true;
                            if (ready == camera) {
                                if (fed < count && !frame.hasError()) {
                                    if (check) {
                                        inputs.add(frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(ValueLayout.JAVA_BYTE));
                                    }
                                    output.frame(frame.index()).setBytesUsed(0, frame.bytesUsed(0));
                                    imported.queue(frame.index(), handles.get(frame.index()));
                                    fed++;
                                } else {
                                    camera.queue(frame.index());
                                }
                            } else if (ready == output) {
                                camera.queue(frame.index());
                            } else {
                                converted++;
                                last = frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(ValueLayout.JAVA_BYTE);
                                if (check && Arrays.equals(swapped(inputs.poll()), last)) {
                                    matched++;
                                }
                                capture.queue(frame.index());
                            }
                        }
                        if (progress) {
                            lastProgress = System.nanoTime();
                        } else if (System.nanoTime() - lastProgress > STALL_MILLIS * 1_000_000L) {
                            throw new V4l2Exception("nothing moved for " + STALL_MILLIS + " ms after " + fed + " frames fed, "
                                    + converted + " converted", m2mPath, "epoll_wait");
                        }
                    }
                } finally {
                    m2m.unserve(camera);
                    camera.streamOff();
                }
            } finally {
                camera.free();
            }
            if (png != null) {
                Png.write(png, Rgb.convert(result, new byte[][] {last}));
            }
            out.printf(Locale.ROOT, "converted %d frames from %s (driver %s) %s through %s (driver %s) to %s,"
                    + " zero-copy (camera dma-bufs imported by the converter)%s%s in %.1f s%n", converted, camPath,
                    cam.capability().driver(), f.describe(), m2mPath, m2m.device().capability().driver(), result.describe(),
                    check ? ", " + matched + " equal to the channel swap done in Java" : "",
                    png != null ? ", last frame in " + png : "", (System.nanoTime() - start) / 1e9);
            return converted == count && (!check || matched == count) ? Commands.OK : Commands.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        } finally {
            mmap.close();
        }
    }

    /** RGB24 with red and blue swapped: BGR24, what vim2m makes of it. */
    private static byte[] swapped(byte[] rgb) {
        byte[] bgr = rgb.clone();
        for (int i = 0; i + 2 < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 2] = rgb[i];
        }
        return bgr;
    }
}
