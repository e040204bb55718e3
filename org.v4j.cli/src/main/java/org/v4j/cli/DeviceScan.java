package org.v4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.v4j.api.Device;
import org.v4j.ioctl.V4l2Exception;

/** Finds the default device: the lowest-numbered /dev/videoN that can stream video capture. */
final class DeviceScan {
    private DeviceScan() {}

    static String firstCaptureDevice() {
        List<Path> nodes;
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            nodes = dev.filter(p -> p.getFileName().toString().matches("video\\d+"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(5))))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /dev: " + e.getMessage(), e);
        }
        for (Path node : nodes) {
            try (Device device = Device.open(node.toString())) {
                device.captureType();
                return node.toString();
            } catch (V4l2Exception notCapture) {
                // try the next node
            }
        }
        throw new V4l2Exception("no video capture device found" + (nodes.isEmpty() ? "" : " among " + nodes.size() + " nodes"),
                "/dev/video*", "VIDIOC_QUERYCAP", 0);
    }
}
