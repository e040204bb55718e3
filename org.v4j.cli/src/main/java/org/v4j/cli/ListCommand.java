package org.v4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.v4j.device.Device;
import org.v4j.api.V4l2Exception;

/**
 * {@code v4j list}: the V4L2 nodes grouped by device, as {@code v4l2-ctl --list-devices} prints
 * them: {@code card (bus_info):} then one node per line, indented by a tab.
 */
final class ListCommand {
    private ListCommand() {}

    static int run(PrintStream out) {
        Map<String, List<String>> devices = new LinkedHashMap<>();
        for (Path node : DeviceScan.nodes()) {
            try (Device device = Device.open(node.toString())) {
                devices.computeIfAbsent(device.capability().card() + " (" + device.capability().busInfo() + "):",
                        k -> new ArrayList<>()).add(node.toString());
            } catch (V4l2Exception notV4l2) {
                // a node that does not answer QUERYCAP is not listed
            }
        }
        if (devices.isEmpty()) {
            throw new V4l2Exception("no V4L2 device found", "/dev", "VIDIOC_QUERYCAP");
        }
        devices.forEach((device, nodes) -> {
            out.println(device);
            nodes.forEach(node -> out.println("\t" + node));
            out.println();
        });
        return Commands.OK;
    }
}
