package org.v4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.v4j.device.Device;
import org.v4j.api.V4l2Exception;

/** Finds V4L2 nodes in /dev, and the default device: the lowest-numbered /dev/videoN that can stream video capture. */
final class DeviceScan {
    private static final java.util.regex.Pattern NODE = java.util.regex.Pattern.compile("(video|radio|vbi|swradio|v4l-touch)(\\d+)");

    private DeviceScan() {}

    /** Every V4L2 node in /dev, by kind then number ({@code /dev/video0, /dev/video1, ..., /dev/radio0}). */
    static List<Path> nodes() {
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            return dev.filter(p -> NODE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> kind(p)).thenComparingInt(DeviceScan::number))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /dev: " + e.getMessage(), e);
        }
    }

    private static String kind(Path node) {
        java.util.regex.Matcher m = NODE.matcher(node.getFileName().toString());
        return m.matches() ? (m.group(1).equals("video") ? "" : m.group(1)) : "";
    }

    private static int number(Path node) {
        java.util.regex.Matcher m = NODE.matcher(node.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** Whether a node failed at open(2) (permission, busy), not at QUERYCAP: a device, not "not V4L2". */
    static boolean refusedToOpen(V4l2Exception e) {
        return "open".equals(e.call());
    }

    static String firstCaptureDevice() {
        List<Path> nodes = nodes().stream().filter(p -> p.getFileName().toString().startsWith("video")).toList();
        V4l2Exception refused = null;
        for (Path node : nodes) {
            try (Device device = Device.open(node.toString())) {
                device.captureType();
                return node.toString();
            } catch (V4l2Exception notCapture) {
                if (refused == null && refusedToOpen(notCapture)) {
                    refused = notCapture;
                }
            }
        }
        if (refused != null) { // say why rather than "none found": usually the permission on the nodes
            throw new V4l2Exception("no video capture device found among " + nodes.size() + " nodes; one could not be"
                    + " opened", refused);
        }
        throw new V4l2Exception("no video capture device found" + (nodes.isEmpty() ? "" : " among " + nodes.size() + " nodes"),
                "/dev/video*", "VIDIOC_QUERYCAP");
    }

    /**
     * The first memory-to-memory node that takes {@code codec} on its CAPTURE queue (an encoder:
     * {@code output} false) or on its OUTPUT queue (a decoder: {@code output} true).
     */
    static String firstCodec(org.v4j.api.PixelFormat codec, boolean output) {
        for (Path node : nodes()) {
            try (Device device = Device.open(node.toString())) {
                org.v4j.api.Capability cap = device.capability();
                boolean mp = cap.has(org.v4j.api.CapabilityFlag.VIDEO_M2M_MPLANE);
                if (!mp && !cap.has(org.v4j.api.CapabilityFlag.VIDEO_M2M)) {
                    continue;
                }
                org.v4j.api.BufferType type = output
                        ? (mp ? org.v4j.api.BufferType.VIDEO_OUTPUT_MPLANE : org.v4j.api.BufferType.VIDEO_OUTPUT)
                        : (mp ? org.v4j.api.BufferType.VIDEO_CAPTURE_MPLANE : org.v4j.api.BufferType.VIDEO_CAPTURE);
                if (device.formats(type).stream().anyMatch(f -> f.pixelFormat().equals(codec))) {
                    return node.toString();
                }
            } catch (V4l2Exception notThisOne) {
                // next
            }
        }
        throw new V4l2Exception("no memory-to-memory " + (output ? "decoder" : "encoder") + " of " + codec + " found",
                "/dev/video*", "VIDIOC_ENUM_FMT");
    }

    /** The first node whose driver (VIDIOC_QUERYCAP) is {@code driver}, e.g. vim2m. */
    static String firstOfDriver(String driver) {
        for (Path node : nodes()) {
            try (Device device = Device.open(node.toString())) {
                if (device.capability().driver().equals(driver)) {
                    return node.toString();
                }
            } catch (V4l2Exception notThisOne) {
                // next
            }
        }
        throw new V4l2Exception("no " + driver + " node found", "/dev/video*", "VIDIOC_QUERYCAP");
    }
}
