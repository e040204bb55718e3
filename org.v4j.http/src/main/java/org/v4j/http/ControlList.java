package org.v4j.http;

import java.util.ArrayList;
import java.util.List;
import org.v4j.api.Control;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.ControlValue;

/**
 * The device's own controls as the page builds its sliders, menus, switches and buttons from them:
 * the kinds a page can set with one value (integers, booleans, menus, integer menus, buttons),
 * not read-only or disabled ones, with their current values.
 */
final class ControlList {
    private ControlList() {}

    static boolean settable(Control c) {
        return switch (c.type()) {
            case INTEGER, BOOLEAN, MENU, INTEGER_MENU, BUTTON -> !c.hasPayload() && !c.has(ControlFlag.READ_ONLY)
                    && !c.has(ControlFlag.DISABLED);
            default -> false;
        };
    }

    /** {@code value} reads the current value of one control (null for buttons, which have none). */
    static String json(List<Control> controls, java.util.function.Function<Control, ControlValue> value) {
        List<Json> out = new ArrayList<>();
        for (Control c : controls) {
            if (!settable(c)) {
                continue;
            }
            Json j = new Json().field("name", c.key()).field("label", c.name())
                    .field("type", c.type().name().toLowerCase(java.util.Locale.ROOT))
                    .field("min", c.minimum()).field("max", c.maximum()).field("step", c.step())
                    .field("default", c.defaultValue());
            if (c.type() != ControlType.BUTTON) {
                ControlValue v = value.apply(c);
                j.field("value", v instanceof ControlValue.Number n ? n.value() : 0);
            }
            if (c.type() == ControlType.MENU || c.type() == ControlType.INTEGER_MENU) {
                List<Json> items = new ArrayList<>();
                for (Control.MenuItem item : c.menu()) {
                    items.add(new Json().field("index", item.index()).field("name",
                            c.type() == ControlType.MENU ? item.name() : Long.toString(item.value())));
                }
                j.field("menu", items);
            }
            out.add(j);
        }
        return Json.array(out);
    }
}
