package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The parsing of v4l2-ctl's text that the guest tests compare v4j against, on the host (v4l-utils 1.22 output). */
public class V4l2CtlTextTest {
    private static final String FORMATS = """
            ioctl: VIDIOC_ENUM_FMT
            	Type: Video Capture

            	[0]: 'YUYV' (YUYV 4:2:2)
            		Size: Discrete 320x180
            			Interval: Discrete 0.017s (60.000 fps)
            			Interval: Discrete 0.033s (30.000 fps)
            		Size: Discrete 640x360
            			Interval: Discrete 0.200s (5.000 fps)
            	[1]: 'NV12' (Y/UV 4:2:0)
            		Size: Discrete 320x180
            			Interval: Discrete 1.000s (1.000 fps)
            """;

    private static final String CONTROLS = """
            User Controls

                                 brightness 0x00980900 (int)    : min=0 max=255 step=1 default=128 value=128 flags=slider
                                     button 0x00981901 (button) : value=0 flags=write-only, execute-on-write
                               test_pattern 0x009f0903 (menu)   : min=0 max=22 default=0 value=2 (2x2 Checkers)
            				0: 75% Colorbar
            				2: 2x2 Checkers
                               int_menu 0x00980905 (intmenu): min=1 max=8 default=4 value=4 (0x4)
            				1: 1 (0x1)
            				4: 4 (0x4)
            Driver Info:
            	Driver name      : vivid
            	Card type        : vivid
            """;

    @Test
    public void formatsAreOneEntryPerInterval() {
        assertEquals(List.of("NV12 320x180 1.000", "YUYV 320x180 30.000", "YUYV 320x180 60.000", "YUYV 640x360 5.000"),
                List.copyOf(V4l2CtlText.formats(FORMATS)));
    }

    @Test
    public void controlsKeepRangesAndDropValuesThatAreNotComparable() {
        Map<String, String> controls = V4l2CtlText.controls(CONTROLS);
        assertEquals("00980900 int min=0 max=255 step=1 default=128 value=128", controls.get("brightness"));
        assertEquals("a button's value is not printed alike: dropped", "00981901 button ", controls.get("button"));
        assertEquals("menu item name after the value dropped", "009f0903 menu min=0 max=22 default=0 value=2",
                controls.get("test_pattern"));
        assertEquals(3 + 1, controls.size());
    }

    @Test
    public void menusEndAtTheNextControlOrSection() {
        Map<String, List<String>> menus = V4l2CtlText.menus(CONTROLS);
        assertEquals(List.of("0: 75% Colorbar", "2: 2x2 Checkers"), menus.get("test_pattern"));
        assertEquals("an integer menu's hex value is dropped", List.of("1: 1", "4: 4"), menus.get("int_menu"));
        assertNull(menus.get("brightness"));
    }

    @Test
    public void fieldFindsTheFirstNamedValue() {
        assertEquals("vivid", V4l2CtlText.field(CONTROLS, "Driver name"));
        assertNull(V4l2CtlText.field(CONTROLS, "Bus info"));
        assertEquals(List.of("c"), V4l2CtlText.missing(List.of("a", "c"), List.of("a", "b")));
    }
}
