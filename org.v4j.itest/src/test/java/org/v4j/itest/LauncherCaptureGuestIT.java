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

    /** A PNG path that cannot be written is refused before streaming, with the reason. */
    @Test
    public void anUnwritablePngIsRefusedWithTheReason() throws Exception {
        Launcher.Result missing = Launcher.run(Path.of("."), "capture", "--count", "3", "--png", "/v4j-nonesuch/f.png");
        assertEquals(missing.toString(), 1, missing.exit());
        assertEquals(missing.toString(), "cannot write /v4j-nonesuch/f.png: no such directory /v4j-nonesuch\n",
                missing.stderr());
        assertEquals(missing.toString(), "", missing.stdout());
        Launcher.Result proc = Launcher.run(Path.of("."), "capture", "--count", "3", "--png", "/proc/x.png");
        assertEquals(proc.toString(), 1, proc.exit());
        assertTrue(proc.toString(), proc.stderr().matches("cannot write /proc/x\\.png: (cannot create /proc/x\\.png\\.tmp "
                + "\\(no such file or directory\\)|/proc/x\\.png\\.tmp: .+|the directory /proc is not writable)\n"));
    }

    /**
     * The camera unplugged mid-capture (vivid unbound): the summary line still comes, with what was
     * captured, then one reason line; exit 1, and nothing of the framework's internals on stderr.
     */
    @Test
    public void anUnplugMidCaptureStillPrintsTheSummaryLine() throws Exception {
        Path unbind = Path.of("/sys/bus/platform/drivers/vivid/unbind");
        Path bind = Path.of("/sys/bus/platform/drivers/vivid/bind");
        Launcher.Running running = Launcher.start(Path.of("."), "capture", "-d", "/dev/video0", "--count", "100000");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        Path maps = Path.of("/proc/" + running.process().pid() + "/maps");
        while (!(Files.exists(maps) && Files.readString(maps).contains("/dev/video0")) && System.nanoTime() < deadline) {
            Thread.sleep(50); // until its buffers are mapped: streaming
        }
        Thread.sleep(1500);
        Files.writeString(unbind, "vivid.0");
        Launcher.Result r;
        try {
            r = running.await();
        } finally {
            while (Files.exists(Path.of("/sys/class/video4linux/video0")) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the kernel frees the numbers when their last user is gone
            }
            Files.writeString(bind, "vivid.0");
            while (!Files.exists(Path.of("/dev/video0")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        System.out.println("unplug mid-capture: " + r.stdout().strip() + " / " + r.stderr().strip());
        assertEquals(r.toString(), 1, r.exit());
        assertTrue(r.toString(), r.stdout().matches("captured [1-9]\\d* frames from /dev/video0 \\(driver vivid\\) \\S+ \\S+ "
                + "memory=MMAP lost=0 dropped=\\d+ swaps=0 in \\d+\\.\\d s\n"));
        // the stream's own note (its log, as for a swap), then the reason; not discovery's six "went away"
        assertTrue(r.toString(), r.stderr().matches("(v4j: stream \\d+ on /dev/video0: device removed \\(\\S+\\)\n)?"
                + "the stream ended REMOVED after \\d+ of 100000 frames: device removed: "
                + "/dev/video0 \\((VIDIOC_DQBUF|VIDIOC_QBUF|epoll_wait): ENODEV\\)\n"));
    }

    @Test
    public void aNodeWithoutStreamingIsRefusedInOneLine() throws Exception {
        Launcher.Result r = Launcher.run(Path.of("."), "capture", "-d", "/dev/radio0");
        assertEquals(r.toString(), 1, r.exit());
        assertTrue(r.toString(), r.stderr().matches(
                "not a streaming video capture device \\(device_caps 0x[0-9a-f]{8}\\): /dev/radio0 \\(VIDIOC_QUERYCAP\\)\n"));
    }
}
