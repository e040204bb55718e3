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
 * them: {@code card (bus_info):} then one node per line, indented by a tab. A node that cannot be
 * opened (no permission, busy) is reported on {@code err} with its errno, not silently left out;
 * with none listed, the failure says why.
 */
final class ListCommand {
    private ListCommand() {}

    static int run(PrintStream out, PrintStream err) {
        Map<String, List<String>> devices = new LinkedHashMap<>();
        List<V4l2Exception> refused = new ArrayList<>();
        List<Path> all = DeviceScan.nodes();
        for (Path node : all) {
            try (Device device = Device.open(node.toString())) {
                devices.computeIfAbsent(device.capability().card() + " (" + device.capability().busInfo() + "):",
                        k -> new ArrayList<>()).add(node.toString());
            } catch (V4l2Exception e) {
                if (DeviceScan.refusedToOpen(e)) { // a node that opens but does not answer QUERYCAP is not V4L2
                    refused.add(e);
                }
            }
        }
        if (devices.isEmpty()) {
            if (!refused.isEmpty()) {
                throw new V4l2Exception("no V4L2 device could be opened: " + refused.size() + " of " + all.size()
                        + " nodes refused" + (refused.size() > 1 ? ", the first" : ""), refused.getFirst());
            }
            throw new V4l2Exception("no V4L2 device found", "/dev", "VIDIOC_QUERYCAP");
        }
        refused.forEach(e -> err.println("v4j: not listed: " + e.getMessage()));
        devices.forEach((device, nodes) -> {
            out.println(device);
            nodes.forEach(node -> out.println("\t" + node));
            out.println();
        });
        return Commands.OK;
    }
}
