package org.v4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Control;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.ControlValue;
import org.v4j.device.Controls;
import org.v4j.device.Device;
import org.v4j.api.Format;
import org.v4j.api.FormatDescription;
import org.v4j.api.FrameInterval;
import org.v4j.api.FrameSize;
import org.v4j.api.Input;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.V4l2Selection;

/**
 * {@code v4j info [-d DEVICE]}: what the device says about itself, one fact per line so that
 * scripts can grep it: the driver, inputs and outputs, formats with their sizes and intervals,
 * the current format and frame interval, crop and compose, and every control with its range,
 * menu entries and current value.
 */
final class InfoCommand {
    private InfoCommand() {}

    static int run(String device, PrintStream out) {
        String path = device != null ? device : DeviceScan.firstCaptureDevice();
        try (Device d = Device.open(path)) {
            Capability cap = d.capability();
            out.printf(Locale.ROOT, "device %s driver %s card \"%s\" bus %s version %s caps 0x%08x device_caps 0x%08x%n",
                    path, cap.driver(), cap.card(), cap.busInfo(), cap.versionString(), cap.capabilities(), cap.deviceCaps());
            for (Input input : d.inputs()) {
                out.printf("input %d \"%s\" %s%n", input.index(), input.name(), input.type().shortName());
            }
            if (!d.inputs().isEmpty()) {
                out.println("current input " + d.input());
            }
            for (Input output : d.outputs()) {
                out.printf("output %d \"%s\" %s%n", output.index(), output.name(), output.type().shortName());
            }
            if (!d.outputs().isEmpty()) {
                out.println("current output " + d.output());
            }
            for (BufferType type : types(cap)) {
                formats(d, type, out);
            }
            controls(d.controls(), out);
        }
        return Commands.OK;
    }

    private static List<BufferType> types(Capability cap) {
        List<BufferType> types = new ArrayList<>();
        for (BufferType type : BufferType.values()) {
            if (cap.has(type.capability())) {
                types.add(type);
            }
        }
        return types;
    }

    private static void formats(Device d, BufferType type, PrintStream out) {
        for (FormatDescription f : d.formats(type)) {
            out.printf("format %s %s \"%s\"%n", type, f.pixelFormat(), f.description());
            for (FrameSize size : d.frameSizes(f.pixelFormat())) {
                if (size instanceof FrameSize.Discrete discrete) {
                    List<String> intervals = d.frameIntervals(f.pixelFormat(), discrete.width(), discrete.height()).stream()
                            .map(FrameInterval::toString).toList();
                    out.println("  size " + discrete + " intervals " + String.join(" ", intervals));
                } else {
                    out.println("  size " + size);
                }
            }
        }
        Format current = d.format(type);
        String interval;
        try {
            interval = d.frameInterval(type).toString();
        } catch (V4l2Exception noParm) {
            interval = "unknown";
        }
        out.printf("current format %s %s interval %s%n", type, current.describe(), interval);
        for (int target : new int[] {V4l2Selection.TGT_CROP, V4l2Selection.TGT_COMPOSE}) {
            try {
                out.printf("%s %s %s%n", target == V4l2Selection.TGT_CROP ? "crop" : "compose", type,
                        d.selection(type, target));
            } catch (V4l2Exception notSupported) {
                // the driver has no such selection for this type
            }
        }
    }

    private static void controls(Controls controls, PrintStream out) {
        for (Control c : controls.list()) {
            if (c.type() == ControlType.CTRL_CLASS) {
                out.println("class " + c.name());
                continue;
            }
            String value;
            if (c.has(ControlFlag.WRITE_ONLY) || c.type() == ControlType.BUTTON) {
                value = "";
            } else {
                try {
                    ControlValue v = controls.get(c);
                    value = " value=" + switch (v) {
                        case ControlValue.Number n when c.type() == ControlType.BITMASK -> String.format("0x%08x", n.value());
                        case ControlValue.Bytes area when c.type() == ControlType.AREA && area.value().length == 8 -> {
                            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(area.value()).order(java.nio.ByteOrder.nativeOrder());
                            yield Integer.toUnsignedString(b.getInt()) + "x" + Integer.toUnsignedString(b.getInt());
                        }
                        default -> v.toString();
                    };
                } catch (V4l2Exception e) {
                    value = " value=? (" + e.getMessage() + ")";
                }
            }
            String range = switch (c.type()) {
                case BUTTON, STRING, BOOLEAN -> c.type() == ControlType.STRING
                        ? String.format(" min=%d max=%d step=%d", c.minimum(), c.maximum(), c.step())
                        : c.type() == ControlType.BOOLEAN ? " default=" + c.defaultValue() : "";
                case MENU, INTEGER_MENU -> String.format(" min=%d max=%d default=%d", c.minimum(), c.maximum(), c.defaultValue());
                case BITMASK -> String.format(" max=0x%08x default=0x%08x", c.maximum(), c.defaultValue());
                case AREA -> ""; // a compound control: no range, its value is a width and height
                default -> String.format(" min=%d max=%d step=%d default=%d", c.minimum(), c.maximum(), c.step(),
                        c.defaultValue());
            };
            out.printf(Locale.ROOT, "control %s 0x%08x %s%s%s%s%n", c.key(), c.id(), c.type().shortName(),
                    c.elems() > 1 ? " elems=" + c.elems() : "", range, value + flags(c));
            for (Control.MenuItem item : c.menu()) {
                out.println("  " + item.index() + ": " + (item.name() != null ? item.name() : Long.toString(item.value())));
            }
        }
    }

    private static String flags(Control c) {
        List<String> names = c.flags().stream().sorted().map(ControlFlag::shortName).toList();
        return names.isEmpty() ? "" : " flags=" + String.join(",", names);
    }
}
