package org.v4j.ioctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C side of the conformance tests: a program of print statements, compiled with gcc against
 * the libc and uapi headers v4j mirrors (/usr/include/linux/videodev2.h and the others below),
 * run, its output read back as one {@code key value} line per check.
 */
final class UapiProgram {
    private static final String SOURCE = """
            #define _GNU_SOURCE
            #include <stddef.h>
            #include <stdio.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <sys/mman.h>
            #include <sys/eventfd.h>
            #include <sys/inotify.h>
            #include <sys/epoll.h>
            #include <linux/memfd.h>
            #include <linux/videodev2.h>
            #include <linux/dma-buf.h>
            #include <linux/dma-heap.h>
            #include <linux/udmabuf.h>
            int main(void) {
            %s
              return 0;
            }
            """;

    private UapiProgram() {}

    /** A statement printing {@code expression} (a size or offset) as an unsigned number under {@code key}. */
    static String printUnsigned(String key, String expression) {
        return "  printf(\"%s %%lu\\n\", (unsigned long)(%s));".formatted(key, expression);
    }

    /** A statement printing {@code expression} (a macro or enum value) as a signed 64-bit number under {@code key}. */
    static String printSigned(String key, String expression) {
        return "  printf(\"%s %%lld\\n\", (long long)(%s));".formatted(key, expression);
    }

    /** Compiles {@code statements} in {@code dir} ({@code -Wall -Werror}), runs them and returns key -> value. */
    static Map<String, Long> run(Path dir, String name, List<String> statements) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, SOURCE.formatted(String.join("\n", statements)));
        Path binary = dir.resolve(name);
        exec(dir, "gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString());
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : exec(dir, binary.toString()).split("\n")) {
            int sep = line.lastIndexOf(' ');
            values.put(line.substring(0, sep), Long.parseLong(line.substring(sep + 1)));
        }
        return values;
    }

    private static String exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
