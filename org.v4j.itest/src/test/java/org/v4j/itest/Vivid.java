package org.v4j.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.v4j.api.BufferType;
import org.v4j.api.Device;
import org.v4j.ioctl.V4l2Exception;

/** The vivid devices vm/run loads, found by what they are, and v4l2-ctl for settings v4j has no API for yet. */
final class Vivid {
    private Vivid() {}

    /** The first vivid node whose capture type is {@code type}, on the vmalloc allocator (all memory types). */
    static String node(BufferType type) throws IOException {
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            for (Path node : dev.filter(p -> p.getFileName().toString().matches("video\\d+")).sorted().toList()) {
                try (Device device = Device.open(node.toString())) {
                    if (device.capability().driver().equals("vivid") && device.captureType() == type) {
                        return node.toString();
                    }
                } catch (V4l2Exception notCapture) {
                    // next
                }
            }
        }
        throw new AssertionError("no vivid " + type + " node");
    }

    /** Runs {@code v4l2-ctl -d DEVICE ARGS...} and fails the test if it fails. */
    static String ctl(String device, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("v4l2-ctl", "-d", device));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }
}
