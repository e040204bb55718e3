package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.junit.Test;

/** The shipped gateway jar as users start it, on inputs every Linux host has. */
public class LauncherIT {
    @Test
    public void devNullIsNotAV4l2Device() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "-d", "/dev/null");
        assertEquals(r.toString(), 1, r.exit());
        assertEquals(r.toString(), "not a V4L2 device: /dev/null (VIDIOC_QUERYCAP: ENOTTY)", r.stderr().strip());
        assertEquals(r.toString(), "", r.stdout());
    }

    @Test
    public void aRegularFileIsNotAV4l2DeviceEither() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "-d", "/etc/hostname");
        assertEquals(r.toString(), 1, r.exit());
        assertEquals(r.toString(), "not a V4L2 device: /etc/hostname (VIDIOC_QUERYCAP: ENOTTY)", r.stderr().strip());
    }

    @Test
    public void aMissingPathIsNamed() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "-d", "/dev/video-v4j-missing");
        assertEquals(r.toString(), 1, r.exit());
        assertEquals(r.toString(), "no such device node: /dev/video-v4j-missing (open: ENOENT)", r.stderr().strip());
    }

    /** Gogo's help shows what each v4j: command does and takes (Equinox and Karaf users have no ./v4j help). */
    @Test
    public void helpDescribesTheCommandsAndTheirOptions() throws Exception {
        Path script = java.nio.file.Files.createTempFile("help", ".gosh");
        java.nio.file.Files.writeString(script, "help v4j:capture\nhelp v4j:await\n");
        Launcher.Result r = Launcher.run(Path.of("."), "shell", "--script", script.toString());
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.stdout().contains("streams frames as ./v4j capture and prints its summary line"));
        assertTrue(r.toString(), r.stdout().contains("[--memory auto|TYPE,...]") && r.stdout().contains("[--background]"));
        assertTrue(r.toString(), r.stdout().contains("[ID] --frames N [--timeout SECONDS]"));
    }

    @Test
    public void aBadOptionIsAUsageError() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "--count", "many");
        assertEquals(r.toString(), 2, r.exit());
        assertTrue(r.toString(), r.stderr().startsWith("v4j: --count takes a positive number, not 'many'\nusage: v4j capture"));
    }
}
