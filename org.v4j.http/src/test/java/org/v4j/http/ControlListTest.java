package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.v4j.api.Control;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.ControlValue;

/** What the page gets to build its controls from: only what one value sets, with the current values and menus. */
class ControlListTest {
    private static Control control(int id, ControlType type, String name, Set<ControlFlag> flags, List<Control.MenuItem> menu) {
        return new Control(id, type, name, 0, 255, 1, 128, flags, 4, 1, menu);
    }

    @Test
    void slidersMenusAndButtonsWithValuesButNothingReadOnlyOrWithAPayload() {
        List<Control> all = List.of(
                control(1, ControlType.INTEGER, "Brightness", Set.of(ControlFlag.SLIDER), List.of()),
                control(2, ControlType.MENU, "Test Pattern", Set.of(), List.of(new Control.MenuItem(0, "75% Colorbar", 0),
                        new Control.MenuItem(1, "100% Colorbar", 0))),
                control(3, ControlType.BUTTON, "Button", Set.of(), List.of()),
                control(4, ControlType.INTEGER, "Read Only Int", Set.of(ControlFlag.READ_ONLY), List.of()),
                control(5, ControlType.STRING, "String", Set.of(ControlFlag.HAS_PAYLOAD), List.of()),
                control(6, ControlType.CTRL_CLASS, "User Controls", Set.of(), List.of()));
        String json = ControlList.json(all, c -> new ControlValue.Number(c.id() * 10L));
        assertEquals("[{\"name\":\"brightness\",\"label\":\"Brightness\",\"type\":\"integer\",\"min\":0,\"max\":255,"
                + "\"step\":1,\"default\":128,\"value\":10},"
                + "{\"name\":\"test_pattern\",\"label\":\"Test Pattern\",\"type\":\"menu\",\"min\":0,\"max\":255,\"step\":1,"
                + "\"default\":128,\"value\":20,\"menu\":[{\"index\":0,\"name\":\"75% Colorbar\"},{\"index\":1,\"name\":\"100% Colorbar\"}]},"
                + "{\"name\":\"button\",\"label\":\"Button\",\"type\":\"button\",\"min\":0,\"max\":255,\"step\":1,\"default\":128}]",
                json);
    }
}
