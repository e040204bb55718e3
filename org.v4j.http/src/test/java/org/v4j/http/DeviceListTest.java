package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The configured device list: an array, a .cfg file's comma-separated string, or both; no repeats, not empty. */
class DeviceListTest {
    @Test
    void anArrayAndCommaSeparatedEntriesKeepTheirOrder() {
        assertEquals(List.of("/dev/video0"), LiveCamera.devicePaths(TestConfig.devices("/dev/video0")));
        assertEquals(List.of("/dev/video2", "/dev/video0", "/dev/video4"),
                LiveCamera.devicePaths(TestConfig.devices("/dev/video2, /dev/video0", "/dev/video4")));
    }

    @Test
    void aDeviceListedTwiceIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiveCamera.devicePaths(TestConfig.devices("/dev/video0,/dev/video2", "/dev/video2")));
        assertTrue(e.getMessage().contains("/dev/video2") && e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void noDeviceAtAllIsRefused() {
        for (String[] none : new String[][] {{}, {""}, {" , "}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LiveCamera.devicePaths(TestConfig.devices(none)));
            assertEquals("no device configured", e.getMessage());
        }
    }
}
