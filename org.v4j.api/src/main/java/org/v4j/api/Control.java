package org.v4j.api;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A control as VIDIOC_QUERY_EXT_CTRL describes it, with its menu entries (VIDIOC_QUERYMENU) for
 * menus and integer menus.
 *
 * @param elems number of elements: more than 1 for arrays, which are read and written as bytes
 */
public record Control(int id, ControlType type, String name, long minimum, long maximum, long step, long defaultValue,
        Set<ControlFlag> flags, int elemSize, int elems, List<MenuItem> menu) {
    /** One menu entry: a name (menu) or a value (integer menu). */
    public record MenuItem(int index, String name, long value) {}

    public Control {
        flags = Set.copyOf(flags);
        menu = List.copyOf(menu);
    }

    public boolean has(ControlFlag flag) {
        return flags.contains(flag);
    }

    /** Whether the value is bytes behind a pointer: strings, arrays, compound controls. */
    public boolean hasPayload() {
        return has(ControlFlag.HAS_PAYLOAD) || elems > 1;
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
