package org.v4j.api;

import java.util.List;
import java.util.Locale;

/**
 * A control as VIDIOC_QUERY_EXT_CTRL describes it, with its menu entries (VIDIOC_QUERYMENU) for
 * menus and integer menus.
 *
 * @param elems number of elements: more than 1 for arrays, which are read and written as bytes
 */
public record Control(int id, ControlType type, int typeValue, String name, long minimum, long maximum, long step,
        long defaultValue, int flags, int elemSize, int elems, List<MenuItem> menu) {
    /** {@code V4L2_CTRL_FLAG_*}. */
    public static final int FLAG_DISABLED = 0x1, FLAG_READ_ONLY = 0x4, FLAG_INACTIVE = 0x10, FLAG_WRITE_ONLY = 0x40,
            FLAG_VOLATILE = 0x80, FLAG_HAS_PAYLOAD = 0x100;

    /** One menu entry: a name (menu) or a value (integer menu). */
    public record MenuItem(int index, String name, long value) {}

    public Control {
        menu = List.copyOf(menu);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Whether the value is bytes behind a pointer: strings, arrays, compound controls. */
    public boolean hasPayload() {
        return has(FLAG_HAS_PAYLOAD) || elems > 1;
    }

    /** The control class ({@code V4L2_CTRL_ID2CLASS}). */
    public int controlClass() {
        return id & 0x0fff0000;
    }

    /**
     * The name as v4l2-ctl and {@code ./v4j set} write it: lower case, every run of other
     * characters than letters and digits one {@code _}, none at the ends ({@code "Gain, Automatic"}
     * is {@code gain_automatic}).
     */
    public String key() {
        StringBuilder key = new StringBuilder();
        boolean gap = false;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                if (gap && !key.isEmpty()) {
                    key.append('_');
                }
                key.append(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        return key.toString();
    }
}
