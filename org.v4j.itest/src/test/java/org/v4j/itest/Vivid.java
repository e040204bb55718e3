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
import org.v4j.device.Device;
import org.v4j.api.V4l2Exception;

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

    /** The video node of vivid instance {@code instance} ({@code platform:vivid-00N}) that has capability {@code cap}. */
    static String instanceNode(int instance, org.v4j.api.CapabilityFlag cap) throws IOException {
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            for (Path node : dev.filter(p -> p.getFileName().toString().matches("video\\d+")).sorted().toList()) {
                try (Device device = Device.open(node.toString())) {
                    if (device.capability().busInfo().equals("platform:vivid-%03d".formatted(instance))
                            && device.capability().has(cap)) {
                        return node.toString();
                    }
                }
            }
        }
        throw new AssertionError("no vivid instance " + instance + " node with capability " + cap);
    }

    /**
     * Connects the S-Video input of {@code capture} (instance {@code instance}) to that instance's
     * S-Video output: vivid then loops what is written to the output back to the capture.
     */
    static void loopSVideo(String capture, String output, int instance) throws IOException, InterruptedException {
        String control = "s_video_%03d_0_is_connected_to".formatted(instance);
        String menu = ctl(capture, "-L");
        int at = menu.indexOf(control);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+): Output S-Video %03d-0".formatted(instance))
                .matcher(menu.substring(at));
        if (at < 0 || !m.find()) {
            throw new AssertionError("no control " + control + " connecting to Output S-Video " + instance + ":\n" + menu);
        }
        ctl(capture, "-i", "2"); // S-Video input
        ctl(output, "-o", "0"); // S-Video output
        ctl(capture, "-c", control + "=" + m.group(1) + ",osd_text_mode=2");
    }

    /** Undoes {@link #loopSVideo}: the webcam input with its test pattern and text overlay. */
    static void unloop(String capture, int instance) throws IOException, InterruptedException {
        ctl(capture, "-c", "s_video_%03d_0_is_connected_to=0,osd_text_mode=0".formatted(instance));
        ctl(capture, "-i", "0");
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
