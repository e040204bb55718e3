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
 *
 * <p>With {@code -Dv4j.uapi.arch=aarch64} (cnf/arm64-conformance) the same checks are for arm64:
 * {@code aarch64-linux-gnu-gcc} compiles them against its own libc and uapi headers, each value an
 * {@code asm} immediate, and they are read from the assembly, so nothing arm64 has to run. The
 * Java layouts are the same on both but for {@code epoll_event} ({@code Epoll.eventLayout(arch)}).
 */
final class UapiProgram {
    /** The architecture the checks are for: empty for the host's own (compiled and run). */
    static final String ARCH = System.getProperty("v4j.uapi.arch", "");
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
        return ARCH.isEmpty() ? "  printf(\"%s %%lu\\n\", (unsigned long)(%s));".formatted(key, expression)
                : inAssembly(key, "(unsigned long)(" + expression + ")");
    }

    /** A statement printing {@code expression} (a macro or enum value) as a signed 64-bit number under {@code key}. */
    static String printSigned(String key, String expression) {
        return ARCH.isEmpty() ? "  printf(\"%s %%lld\\n\", (long long)(%s));".formatted(key, expression)
                : inAssembly(key, "(long long)(" + expression + ")");
    }

    /** {@code ->key value} as a string in the assembly (the kernel's asm-offsets trick): a constant the compiler computed. */
    private static String inAssembly(String key, String expression) {
        return "  asm volatile(\"\\n.ascii \\\"->%s %%0\\\"\" : : \"i\" (%s));".formatted(key, expression);
    }

    /** Compiles {@code statements} in {@code dir} ({@code -Wall -Werror}), runs them and returns key -> value. */
    static Map<String, Long> run(Path dir, String name, List<String> statements) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, SOURCE.formatted(String.join("\n", statements)));
        Path binary = dir.resolve(name);
        Map<String, Long> values = new LinkedHashMap<>();
        if (!ARCH.isEmpty()) {
            Path assembly = dir.resolve(name + ".s");
            exec(dir, ARCH + "-linux-gnu-gcc", "-Wall", "-Werror", "-S", "-o", assembly.toString(), source.toString());
            for (String line : Files.readAllLines(assembly)) {
                int start = line.indexOf("\"->");
                if (start >= 0) { // .ascii "->sizeof v4l2_buffer 88" (an immediate: #88 or $88 on some targets)
                    String entry = line.substring(start + 3, line.lastIndexOf('"'));
                    int sep = entry.lastIndexOf(' ');
                    values.put(entry.substring(0, sep), Long.parseLong(entry.substring(sep + 1).replaceFirst("^[#$]", "")));
                }
            }
            return values;
        }
        exec(dir, "gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString());
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
