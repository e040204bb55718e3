package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.Test;
import org.v4j.api.BufferType;

/** {@code v4j capture} as users run it (the exported gateway jar), against vivid in the guest. */
public class LauncherCaptureGuestIT {
    private static final String SUMMARY =
            "captured %d frames from %s \\(driver vivid\\) %s memory=MMAP lost=0 dropped=0 swaps=0 in \\d+\\.\\d s";

    private static Set<Integer> colours(Path png, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 4) {
            for (int x = 0; x < width; x += 4) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours;
    }

    @Test
    public void captureWritesTheSummaryLineAndAPng() throws Exception {
        Vivid.ctl("/dev/video0", "-v", "width=640,height=360,pixelformat=YUYV"); // the driver's default
        Path dir = Files.createTempDirectory("v4j-capture");
        Launcher.Result r = Launcher.run(dir, "capture", "--count", "10", "--memory", "mmap", "--png", "frame.png");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.stdout().matches(String.format(SUMMARY, 10, "/dev/video0", "640x360 YUYV") + "\n"));
        // vivid's default pattern is colour bars: many colours, not a blank picture
        Set<Integer> colours = colours(dir.resolve("frame.png"), 640, 360);
        assertTrue("colours: " + colours.size(), colours.size() >= 8);
    }

    @Test
    public void multiPlanarNv12mIsConvertedToo() throws Exception {
        String node = Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE);
        Path dir = Files.createTempDirectory("v4j-capture");
        Launcher.Result r = Launcher.run(dir, "capture", "-d", node, "--count", "3", "--size", "320x180",
                "--pixelformat", "NM12", "--png", "mp.png");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.toString(), r.stdout().matches(String.format(SUMMARY, 3, node, "320x180 NM12") + "\n"));
        assertTrue(colours(dir.resolve("mp.png"), 320, 180).size() >= 8);
    }

    @Test
    public void everyMemoryTypeEndsWithTheSameSummaryLine() throws Exception {
        String node = Vivid.node(BufferType.VIDEO_CAPTURE);
        String exporter = Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE);
        for (String[] memory : new String[][] {{"userptr"}, {"dmabuf"}, {"dmabuf", "--dmabuf-from", "udmabuf"},
                {"dmabuf", "--dmabuf-from", exporter}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("capture", "-d", node, "--count", "3",
                    "--size", "320x180", "--pixelformat", "YUYV", "--memory"));
            args.addAll(java.util.List.of(memory));
            Launcher.Result r = Launcher.run(Path.of("."), args.toArray(String[]::new));
            assertEquals(r.toString(), 0, r.exit());
            String type = memory[0].toUpperCase(java.util.Locale.ROOT);
            assertTrue(r.toString(), r.stdout().matches(
                    String.format(SUMMARY, 3, node, "320x180 YUYV").replace("memory=MMAP", "memory=" + type) + "\n"));
        }
    }

    @Test
    public void aNodeWithoutStreamingIsRefusedInOneLine() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "-d", "/dev/radio0");
        assertEquals(r.toString(), 1, r.exit());
        assertTrue(r.toString(), r.stderr().matches(
                "not a streaming video capture device \\(device_caps 0x[0-9a-f]{8}\\): /dev/radio0 \\(VIDIOC_QUERYCAP\\)\n"));
    }
}
