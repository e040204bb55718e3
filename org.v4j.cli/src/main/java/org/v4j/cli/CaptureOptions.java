package org.v4j.cli;

import java.nio.file.Path;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

/**
 * The options of {@code v4j capture} (and of {@code v4j:capture} in the shell).
 *
 * @param device     null: the first capture device
 * @param count      frames to capture; 0: until the stream is closed (the default with --background)
 * @param memory     {@code --memory auto} (the default) or a list such as {@code dmabuf,mmap}
 * @param source     where DMABUF memory comes from ({@code --dmabuf-from}); null: the default
 * @param png        null: no picture
 * @param background the shell's {@code v4j:capture --background}: start and return at once
 */
record CaptureOptions(String device, long count, MemoryPreference memory, String source, int width, int height,
        PixelFormat pixelFormat, Path png, boolean background) {
    static CaptureOptions parse(String... args) {
        String device = null;
        long count = -1;
        boolean background = false;
        MemoryPreference memory = MemoryPreference.AUTO;
        String source = null;
        int width = 0;
        int height = 0;
        PixelFormat pixelFormat = null;
        Path png = null;
        int i = 0;
        while (i < args.length) {
            String option = args[i++];
            if (option.equals("--vm")) { // handled by the launcher script; takes no value
                continue;
            }
            if (option.equals("--background")) {
                background = true;
                continue;
            }
            String value = i < args.length ? args[i++] : null;
            switch (option) {
                case "-d", "--device" -> device = required(option, value);
                case "--count", "-n" -> count = positive(option, required(option, value));
                case "--memory" -> {
                    try {
                        memory = MemoryPreference.parse(required(option, value));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--dmabuf-from" -> source = required(option, value);
                case "--size" -> {
                    int[] size = size(option, required(option, value));
                    width = size[0];
                    height = size[1];
                }
                case "--pixelformat" -> {
                    try {
                        pixelFormat = PixelFormat.of(String.format("%-4s", required(option, value)));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--png" -> png = Path.of(required(option, value));
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (source != null && !memory.order().contains(MemoryType.DMABUF)) {
            throw new UsageException("--dmabuf-from goes with a --memory that allows dmabuf");
        }
        if (background && png != null) {
            throw new UsageException("--png cannot go with --background");
        }
        if (count < 0) {
            count = background ? 0 : 50;
        }
        return new CaptureOptions(device, count, memory, source, width, height, pixelFormat, png, background);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new UsageException(option + " needs a value");
        }
        return value;
    }

    /** {@code WIDTHxHEIGHT} given with {@code option} as {width, height}, or a usage error (for every command that takes --size). */
    static int[] size(String option, String value) {
        String[] wh = value.split("x");
        if (wh.length != 2) {
            throw new UsageException(option + " takes WIDTHxHEIGHT, not '" + value + "'");
        }
        return new int[] {(int) positive(option, wh[0]), (int) positive(option, wh[1])};
    }

    /** A positive number given with {@code option}, or a usage error (also for v4j bench and soak). */
    static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " takes a positive number, not '" + value + "'");
    }
}
