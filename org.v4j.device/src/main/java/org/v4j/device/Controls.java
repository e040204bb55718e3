package org.v4j.device;

import org.v4j.api.Control;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.ControlValue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Ioctl;
import org.v4j.ioctl.Layouts;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.V4l2ExtControl;
import org.v4j.ioctl.V4l2ExtControls;
import org.v4j.ioctl.V4l2QueryExtCtrl;
import org.v4j.ioctl.V4l2Querymenu;
import org.v4j.ioctl.Vidioc;

/**
 * The controls of a device: enumeration (VIDIOC_QUERY_EXT_CTRL with NEXT_CTRL | NEXT_COMPOUND,
 * menus with VIDIOC_QUERYMENU), and typed reads and writes (VIDIOC_G/S/TRY_EXT_CTRLS). A refused
 * write names the control and, for a value out of range, its range.
 */
public final class Controls {
    private final Device device;

    Controls(Device device) {
        this.device = device;
    }

    /** Every control of the device, control classes included, in the driver's order. */
    public List<Control> list() {
        List<Control> controls = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment query = call.allocate(V4l2QueryExtCtrl.LAYOUT);
            int id = 0;
            while (true) {
                query.fill((byte) 0);
                V4l2QueryExtCtrl.ID.set(query, id | V4l2QueryExtCtrl.FLAG_NEXT_CTRL | V4l2QueryExtCtrl.FLAG_NEXT_COMPOUND);
                if (!Vidioc.enumerate(device.fd(), Vidioc.QUERY_EXT_CTRL, query)) {
                    return controls;
                }
                id = (int) V4l2QueryExtCtrl.ID.get(query);
                controls.add(read(query, call));
            }
        }
    }

    /** The control whose {@link Control#key() key} or name is {@code name}. */
    public Control find(String name) {
        List<Control> all = list();
        for (Control control : all) {
            if (control.key().equals(name) || control.name().equalsIgnoreCase(name)) {
                return control;
            }
        }
        throw new V4l2Exception("no control '" + name + "' (have: " + all.stream()
                .filter(c -> c.type() != ControlType.CTRL_CLASS).map(Control::key).toList() + ")",
                device.path(), "VIDIOC_QUERY_EXT_CTRL");
    }

    private Control read(MemorySegment query, Arena call) {
        int id = (int) V4l2QueryExtCtrl.ID.get(query);
        ControlType type = KernelNumbers.controlType((int) V4l2QueryExtCtrl.TYPE.get(query));
        long min = (long) V4l2QueryExtCtrl.MINIMUM.get(query);
        long max = (long) V4l2QueryExtCtrl.MAXIMUM.get(query);
        List<Control.MenuItem> menu = new ArrayList<>();
        if (type == ControlType.MENU || type == ControlType.INTEGER_MENU) {
            MemorySegment item = call.allocate(V4l2Querymenu.LAYOUT);
            for (long index = Math.max(0, min); index <= max; index++) {
                item.fill((byte) 0);
                V4l2Querymenu.ID.set(item, id);
                V4l2Querymenu.INDEX.set(item, (int) index);
                if (Vidioc.querymenu(device.fd(), item)) { // drivers may skip indices
                    menu.add(type == ControlType.MENU
                            ? new Control.MenuItem((int) index, Layouts.string(item, V4l2Querymenu.LAYOUT, "name"), index)
                            : new Control.MenuItem((int) index, null, (long) V4l2Querymenu.VALUE.get(item)));
                }
            }
        }
        return new Control(id, type, Layouts.string(query, V4l2QueryExtCtrl.LAYOUT, "name"), min, max,
                (long) V4l2QueryExtCtrl.STEP.get(query), (long) V4l2QueryExtCtrl.DEFAULT_VALUE.get(query),
                KernelNumbers.flags(ControlFlag.class, KernelNumbers::bit, (int) V4l2QueryExtCtrl.FLAGS.get(query)),
                (int) V4l2QueryExtCtrl.ELEM_SIZE.get(query),
                (int) V4l2QueryExtCtrl.ELEMS.get(query), menu);
    }

    /** The current value (VIDIOC_G_EXT_CTRLS). */
    public ControlValue get(Control control) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ctrl = prepare(control, call);
            run(Vidioc.G_EXT_CTRLS, control, ctrl, call, null);
            return value(control, ctrl);
        }
    }

    /**
     * Sets {@code value} (VIDIOC_S_EXT_CTRLS) and returns what the driver kept (it may round to the
     * step); for a button or a write-only control, which read nothing back, the value written.
     */
    public ControlValue set(Control control, ControlValue value) {
        return write(Vidioc.S_EXT_CTRLS, control, value);
    }

    /**
     * Refuses what {@link #set} would refuse before its ioctl (a number out of range, a menu entry
     * the menu lacks, a string of the wrong length), naming VIDIOC_S_EXT_CTRLS, without any ioctl.
     */
    public void check(Control control, ControlValue value) {
        checkRange(Vidioc.S_EXT_CTRLS, control, value);
    }

    /** Checks {@code value} without applying it (VIDIOC_TRY_EXT_CTRLS); returns what the driver would keep. */
    public ControlValue tryValue(Control control, ControlValue value) {
        return write(Vidioc.TRY_EXT_CTRLS, control, value);
    }

    /**
     * Parses {@code text} for {@code control}: a number, {@code true}/{@code false} for booleans,
     * a menu entry's index or name, any text for strings, hex for byte payloads. A text that is
     * none of these is refused naming the control, what it takes, and the device.
     */
    public ControlValue parse(Control control, String text) {
        String t = text.trim();
        return switch (control.type()) {
            case STRING -> new ControlValue.Text(text);
            case BOOLEAN, BUTTON -> new ControlValue.Number(switch (t.toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> 1;
                case "false", "off", "no", "0" -> 0;
                default -> throw refused(control, "is a " + control.type().shortName() + " (1 or 0), not '" + text + "'");
            });
            case MENU, INTEGER_MENU -> {
                for (Control.MenuItem item : control.menu()) {
                    if (item.name() != null && item.name().equalsIgnoreCase(t)) {
                        yield new ControlValue.Number(item.index());
                    }
                }
                yield new ControlValue.Number(number(control, t, "a menu entry (" + String.join(", ", control.menu().stream()
                        .map(i -> i.index() + (i.name() != null ? " " + i.name() : "")).toList()) + ")"));
            }
            default -> control.hasPayload() ? new ControlValue.Bytes(hex(control, t))
                    : new ControlValue.Number(number(control, t, "a number in [" + control.minimum() + ", "
                            + control.maximum() + "] step " + control.step()));
        };
    }

    private long number(Control control, String text, String takes) {
        try {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refused(control, "takes " + takes + ", not '" + text + "'");
        }
    }

    private byte[] hex(Control control, String text) {
        try {
            return java.util.HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw refused(control, "takes " + (long) control.elemSize() * control.elems() + " bytes in hex, not '" + text + "'");
        }
    }

    /** A value refused before any ioctl: named as VIDIOC_S_EXT_CTRLS, the call it was meant for. */
    private V4l2Exception refused(Control control, String problem) {
        return new V4l2Exception("control " + control.key() + " " + problem, device.path(), Vidioc.S_EXT_CTRLS.name());
    }

    private ControlValue write(Ioctl request, Control control, ControlValue value) {
        checkRange(request, control, value);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ctrl = prepare(control, call);
            switch (value) {
                case ControlValue.Number n when control.type() == ControlType.INTEGER64 && !control.hasPayload() ->
                        V4l2ExtControl.VALUE64.set(ctrl, n.value());
                case ControlValue.Number n when !control.hasPayload() -> V4l2ExtControl.VALUE.set(ctrl, (int) n.value());
                case ControlValue.Text s when control.type() == ControlType.STRING -> {
                    MemorySegment payload = payload(ctrl);
                    byte[] bytes = s.value().getBytes(StandardCharsets.UTF_8);
                    MemorySegment.copy(bytes, 0, payload, ValueLayout.JAVA_BYTE, 0, bytes.length); // checkRange: it fits
                }
                case ControlValue.Bytes b when control.hasPayload() -> {
                    MemorySegment payload = payload(ctrl);
                    if (b.value().length != payload.byteSize()) {
                        throw new IllegalArgumentException("control " + control.key() + " takes " + payload.byteSize()
                                + " bytes, not " + b.value().length);
                    }
                    MemorySegment.copy(b.value(), 0, payload, ValueLayout.JAVA_BYTE, 0, b.value().length);
                }
                default -> throw new IllegalArgumentException("control " + control.key() + " (" + control.type().shortName()
                        + ") cannot take " + value);
            }
            run(request, control, ctrl, call, value);
            // a button has no state and a write-only control reads nothing back: what was written
            return control.type() == ControlType.BUTTON || control.has(ControlFlag.WRITE_ONLY) ? value
                    : value(control, ctrl);
        }
    }

    /**
     * Refuses a number outside the control's range, or a menu index the menu lacks, before the
     * ioctl: the kernel would clamp an integer silently.
     */
    private void checkRange(Ioctl request, Control control, ControlValue value) {
        if (value instanceof ControlValue.Text text && control.type() == ControlType.STRING) {
            int length = text.value().getBytes(StandardCharsets.UTF_8).length;
            if (length < control.minimum() || length > control.maximum()
                    || (control.step() > 1 && (length - control.minimum()) % control.step() != 0)) {
                throw new V4l2Exception("control " + control.key() + ": '" + text.value() + "' is " + length
                        + " bytes; it takes " + control.minimum() + " to " + control.maximum() + " bytes"
                        + (control.step() > 1 ? " in steps of " + control.step() : ""), device.path(), request.name());
            }
            return;
        }
        if (!(value instanceof ControlValue.Number n) || control.hasPayload()) {
            return;
        }
        long v = n.value();
        String problem = null;
        switch (control.type()) {
            case INTEGER, INTEGER64, U8, U16, U32 -> {
                if (v < control.minimum() || v > control.maximum()) {
                    problem = v + " is out of range [" + control.minimum() + ", " + control.maximum() + "] step " + control.step();
                }
            }
            case MENU, INTEGER_MENU -> {
                if (control.menu().stream().noneMatch(item -> item.index() == v)) {
                    problem = v + " is not an entry of the menu (" + String.join(", ",
                            control.menu().stream().map(item -> Integer.toString(item.index())).toList()) + ")";
                }
            }
            case BITMASK -> {
                if ((v & ~control.maximum()) != 0) {
                    problem = String.format("0x%08x has bits outside the mask 0x%08x", v, control.maximum());
                }
            }
            case BOOLEAN -> {
                if (v != 0 && v != 1) {
                    problem = v + " is not a boolean (0 or 1)";
                }
            }
            default -> { }
        }
        if (problem != null) {
            throw new V4l2Exception("control " + control.key() + ": " + problem, device.path(), request.name());
        }
    }

    /** A {@code v4l2_ext_control} for {@code control}, with a payload buffer when its value is not inline. */
    private MemorySegment prepare(Control control, Arena call) {
        MemorySegment ctrl = call.allocate(V4l2ExtControl.LAYOUT);
        V4l2ExtControl.ID.set(ctrl, control.id());
        if (control.hasPayload()) {
            long size = control.type() == ControlType.STRING ? control.maximum() + 1 : (long) control.elemSize() * control.elems();
            V4l2ExtControl.SIZE.set(ctrl, (int) size);
            V4l2ExtControl.PTR.set(ctrl, call.allocate(size));
        }
        return ctrl;
    }

    private void run(Ioctl request, Control control, MemorySegment ctrl, Arena call, ControlValue value) {
        MemorySegment controls = call.allocate(V4l2ExtControls.LAYOUT);
        V4l2ExtControls.WHICH.set(controls, V4l2ExtControls.WHICH_CUR_VAL);
        V4l2ExtControls.COUNT.set(controls, 1);
        V4l2ExtControls.CONTROLS.set(controls, ctrl);
        try {
            Vidioc.extCtrls(device.fd(), request, controls);
        } catch (V4l2Exception e) {
            throw new V4l2Exception(problem(control, value, e.errno()), e);
        }
    }

    /** A failed G/S_EXT_CTRLS of {@code control}, in words. */
    private static String problem(Control control, ControlValue value, int errno) {
        String what = "control " + control.key();
        return switch (errno) {
            case Errno.ERANGE -> what + ": " + value + " is out of range [" + control.minimum() + ", " + control.maximum()
                    + "] step " + control.step();
            case Errno.EACCES -> what + (control.has(ControlFlag.READ_ONLY) ? " is read-only"
                    : control.has(ControlFlag.WRITE_ONLY) ? " is write-only" : " cannot be accessed now");
            case Errno.EBUSY -> what + " cannot change now (the device is busy)";
            default -> what + ": " + Errno.describe(errno).toLowerCase(Locale.ROOT);
        };
    }

    /** The payload buffer {@link #prepare} allocated in the call's arena. */
    private static MemorySegment payload(MemorySegment ctrl) {
        return ((MemorySegment) V4l2ExtControl.PTR.get(ctrl)).reinterpret((int) V4l2ExtControl.SIZE.get(ctrl));
    }

    private static ControlValue value(Control control, MemorySegment ctrl) {
        if (!control.hasPayload()) {
            return control.type() == ControlType.INTEGER64 ? new ControlValue.Number((long) V4l2ExtControl.VALUE64.get(ctrl))
                    : new ControlValue.Number(control.type() == ControlType.BITMASK
                            ? Integer.toUnsignedLong((int) V4l2ExtControl.VALUE.get(ctrl)) : (int) V4l2ExtControl.VALUE.get(ctrl));
        }
        MemorySegment payload = payload(ctrl);
        return control.type() == ControlType.STRING ? new ControlValue.Text(payload.getString(0))
                : new ControlValue.Bytes(payload.toArray(ValueLayout.JAVA_BYTE));
    }
}
