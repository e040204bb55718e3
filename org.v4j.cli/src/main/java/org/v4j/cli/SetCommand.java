package org.v4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.Control;
import org.v4j.api.ControlValue;
import org.v4j.device.Controls;
import org.v4j.device.Device;

/**
 * {@code v4j set -d DEVICE NAME=VALUE...}: sets controls by their names as {@code v4j info}
 * prints them and prints each as the driver kept it, {@code brightness=200}. All names and values
 * are checked (parsed, range and length) before the first is set.
 */
final class SetCommand {
    private SetCommand() {}

    static int run(String[] args, PrintStream out) {
        String path = null;
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-d", "--device" -> {
                    if (++i >= args.length) {
                        throw new UsageException("-d needs a device");
                    }
                    path = args[i];
                }
                case "--vm" -> { }
                default -> {
                    if (!args[i].contains("=")) {
                        throw new UsageException("set takes NAME=VALUE, not '" + args[i] + "'");
                    }
                    assignments.add(args[i]);
                }
            }
        }
        if (assignments.isEmpty()) {
            throw new UsageException("set needs at least one NAME=VALUE");
        }
        try (Device device = Device.open(path != null ? path : DeviceScan.firstCaptureDevice())) {
            Controls controls = device.controls();
            List<Control> targets = new ArrayList<>();
            List<ControlValue> values = new ArrayList<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                Control control = controls.find(assignment.substring(0, eq));
                ControlValue value = controls.parse(control, assignment.substring(eq + 1));
                controls.check(control, value); // refused here, before anything is set
                targets.add(control);
                values.add(value);
            }
            for (int i = 0; i < targets.size(); i++) {
                out.println(targets.get(i).key() + "=" + controls.set(targets.get(i), values.get(i)));
            }
        }
        return Commands.OK;
    }
}
