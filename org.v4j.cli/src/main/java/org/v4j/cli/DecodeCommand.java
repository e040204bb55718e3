package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.device.FwhtFrames;
import org.v4j.device.StatefulDecoder;

/**
 * {@code v4j decode FILE [--png F] [--pixelformat FOURCC] [--decoder NODE]}: an FWHT stream (as
 * {@code v4j encode} writes it) through a stateful decoder (vicodec), one frame per OUTPUT buffer;
 * the decoder reports the stream's format (source change), decodes every frame and drains. The
 * last frame goes to a PNG. A stream cut short decodes its whole frames, then fails naming the cut.
 */
final class DecodeCommand {
    private static final int BUFFERS = 4, STALL_MILLIS = 10_000;

    private DecodeCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null, png = null;
        String decoder = null;
        PixelFormat wanted = PixelFormat.YUYV;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("-")) {
                if (file != null) {
                    throw new UsageException("decode takes one file, not '" + file + "' and '" + option + "'");
                }
                file = Path.of(option);
                continue;
            }
            if (option.equals("--vm")) {
                continue;
            }
            if (++i >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "--png" -> png = Path.of(args[i]);
                case "--pixelformat" -> wanted = PixelFormat.of(args[i]);
                case "--decoder" -> decoder = args[i];
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (file == null) {
            throw new UsageException("decode needs an FWHT file");
        }
        if (png != null && !Rgb.supports(wanted)) {
            throw new UsageException("--png cannot convert " + wanted + " (supported: " + Rgb.SUPPORTED + ")");
        }
        byte[] stream;
        try {
            stream = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        FwhtFrames.Split split = FwhtFrames.split(stream, file.toString());
        if (split.frames().isEmpty()) {
            err.println(split.cut() + ": no whole frame to decode");
            return Commands.FAILED;
        }
        FwhtFrames.Header first = FwhtFrames.header(stream, 0, file.toString());
        String path = decoder != null ? decoder : DeviceScan.firstCodec(EncodeCommand.FWHT, true);
        ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> mmap = MemoryProviders.track(MemoryType.MMAP);
        long start = System.nanoTime();
        byte[][] last = new byte[1][];
        try (StatefulDecoder d = StatefulDecoder.open(path, EncodeCommand.FWHT, first.width(), first.height(),
                MemoryProviders.<MemoryProvider<MmapHandle>>await(mmap, MemoryType.MMAP), BUFFERS,
                MemoryProviders.await(mmap, MemoryType.MMAP), BUFFERS, wanted)) {
            StatefulDecoder.Result r = d.decode(split.frames(),
                    (frame, format) -> last[0] = frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(ValueLayout.JAVA_BYTE),
                    STALL_MILLIS);
            Format f = r.format();
            if (png != null && last[0] != null) {
                try {
                    Png.write(png, Rgb.convert(f, new byte[][] {last[0]}));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
                }
            }
            out.printf(Locale.ROOT, "decoded %d frames of %s (%d bytes %s %dx%d) with %s (driver %s) to %s%s, %s in %.1f s%n",
                    r.decoded(), file, stream.length, EncodeCommand.FWHT, first.width(), first.height(), path,
                    d.m2m().device().capability().driver(), f == null ? "nothing" : f.describe(),
                    png != null && last[0] != null ? ", the last to " + png : "",
                    r.eosEvent() ? "EOS" : "no EOS event", (System.nanoTime() - start) / 1e9);
            if (split.cut() != null) {
                err.println(split.cut());
                return Commands.FAILED;
            }
            return r.decoded() == split.frames().size() ? Commands.OK : Commands.FAILED;
        } finally {
            mmap.close();
        }
    }
}
