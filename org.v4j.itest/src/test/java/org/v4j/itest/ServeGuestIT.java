package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code v4j serve} as users run it (the exported gateway jar), against vivid in the guest: every
 * endpoint over HTTP, as curl would ask.
 */
public class ServeGuestIT {
    private static final int PORT = 18080;
    private static Launcher.Running gateway;
    /** vivid's third instance (single-planar, dma-contig), served beside /dev/video0 by the same configuration. */
    private static String second;

    @BeforeClass
    public static void serve() throws Exception {
        Vivid.ctl("/dev/video0", "-v", "width=640,height=360,pixelformat=YUYV", "-p", "30");
        second = Vivid.instanceNode(2, org.v4j.api.CapabilityFlag.VIDEO_CAPTURE);
        Vivid.ctl(second, "-v", "width=320,height=180,pixelformat=YUYV");
        gateway = Launcher.start(Files.createTempDirectory("v4j-serve"), "serve", "-d", "/dev/video0", "-d", second, "--port",
                String.valueOf(PORT), "--seconds", "600");
        long end = System.nanoTime() + 120_000_000_000L;
        while (Http.get(PORT, "/state").code() != 200) {
            if (!gateway.process().isAlive() || System.nanoTime() > end) {
                gateway.process().destroy();
                throw new AssertionError("serve did not answer /state within 120 s: " + gateway.await());
            }
            Thread.sleep(200);
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (gateway != null) {
            gateway.process().destroy();
            Launcher.Result r = gateway.await();
            assertTrue(r.toString(), r.stdout().matches(
                    "serving /dev/video0 \\(driver vivid\\) 640x360 YUYV memory=MMAP at http://127\\.0\\.0\\.1:" + PORT + "/\n"
                    + "serving " + second + " \\(driver vivid\\) 320x180 YUYV memory=MMAP at http://127\\.0\\.0\\.1:" + PORT
                    + "/\\?device=" + second + "\n"));
        }
    }



    @Test
    public void snapshotIsAJpegOfVividsColourBarsAndAPngOnRequest() throws Exception {
        Http.Answer jpeg = Http.get(PORT, "/snapshot");
        assertEquals(jpeg.text(), 200, jpeg.code());
        assertEquals("image/jpeg", jpeg.type());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        // vivid's 75% colour bars, 80 pixels each: the centre of each, every channel high or low
        Set<Integer> colours = new HashSet<>();
        for (int x = 40; x < 640; x += 80) {
            int p = image.getRGB(x, 300);
            colours.add((((p >> 16) & 255) > 96 ? 4 : 0) | (((p >> 8) & 255) > 96 ? 2 : 0) | ((p & 255) > 96 ? 1 : 0));
        }
        assertEquals("white, yellow, cyan, green, magenta, red, blue, black: " + colours, 8, colours.size());
        Http.Answer png = Http.get(PORT, "/snapshot?format=png");
        assertEquals(200, png.code());
        assertEquals(360, ImageIO.read(new ByteArrayInputStream(png.body())).getHeight());
    }

    @Test
    public void stateAndMetricsDescribeTheVividStream() {
        String state = Http.get(PORT, "/state").text();
        for (String field : new String[] {"\"device\":\"/dev/video0\"", "\"driver\":\"vivid\"", "\"width\":640",
                "\"pixelformat\":\"YUYV\"", "\"memory\":\"MMAP\"", "\"provider\":\"org.v4j.mmap 0.", "\"state\":\"STREAMING\"", "\"encoder\":\"" + FakeCapture.expectedEncoder() + "\""}) {
            assertTrue(field + " in " + state, state.contains(field));
        }
        Http.Answer metrics = Http.get(PORT, "/metrics");
        assertEquals(200, metrics.code());
        Matcher frames = Pattern.compile("v4j_frames_total\\{device=\"/dev/video0\",memory=\"MMAP\"\\} ([0-9]+)")
                .matcher(metrics.text());
        assertTrue(metrics.text(), frames.find());
        assertTrue(Long.parseLong(frames.group(1)) > 0);
    }

    @Test
    public void streamSendsSuccessiveVividFrames() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + "/stream").toURL().openConnection();
        c.setReadTimeout(30_000);
        assertEquals(200, c.getResponseCode());
        assertTrue(c.getContentType(), c.getContentType().startsWith("multipart/x-mixed-replace"));
        Set<Integer> sequences = new HashSet<>();
        double previous = 0;
        try (DataInputStream in = new DataInputStream(c.getInputStream())) {
            for (int part = 0; part < 3; part++) {
                int length = -1;
                double captured = -1;
                for (String h; !(h = Http.line(in)).isEmpty() || length < 0; ) {
                    if (h.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(h.substring(16));
                    } else if (h.startsWith("X-Sequence: ")) {
                        sequences.add(Integer.parseInt(h.substring(12)));
                    } else if (h.startsWith("X-Timestamp: ")) {
                        captured = Double.parseDouble(h.substring(13));
                    }
                }
                byte[] jpeg = new byte[length];
                in.readFully(jpeg);
                assertEquals(640, ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth());
                // the capture time on the wall clock: before now, by less than the test's patience, and later each part
                double age = System.currentTimeMillis() / 1e3 - captured;
                assertTrue("part " + part + " X-Timestamp " + captured + " is " + age + " s old", age > -0.01 && age < 10);
                assertTrue("X-Timestamp " + captured + " after " + previous, captured > previous);
                previous = captured;
            }
        }
        c.disconnect();
        assertEquals("three different frames", 3, sequences.size());
    }

    /** The mean level of the second snapshot from now (the first may be a frame the driver filled before a change). */
    private static double meanLuma() throws Exception {
        Http.get(PORT, "/snapshot");
        Http.Answer jpeg = Http.get(PORT, "/snapshot");
        assertEquals(jpeg.text(), 200, jpeg.code());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        long sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 8) {
            for (int x = 0; x < image.getWidth(); x += 8) {
                int p = image.getRGB(x, y);
                sum += ((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255);
                n += 3;
            }
        }
        return (double) sum / n;
    }

    @Test
    public void brightnessSetFromThePageChangesTheSnapshot() throws Exception {
        String controls = Http.get(PORT, "/controls").text();
        assertTrue(controls, controls.contains("\"name\":\"brightness\""));
        assertTrue(controls, controls.contains("\"name\":\"test_pattern\"") && controls.contains("\"menu\":["));
        try {
            assertEquals(200, Http.post(PORT, "/controls", "name=brightness&value=60").code());
            double dark = meanLuma();
            Http.Answer set = Http.post(PORT, "/controls", "name=brightness&value=220");
            assertEquals(set.text(), 200, set.code());
            assertTrue(set.text(), set.text().contains("\"value\":\"220\""));
            double bright = meanLuma();
            assertTrue("mean level at brightness 60: " + dark + ", at 220: " + bright, bright > dark + 20);
            Http.Answer bad = Http.post(PORT, "/controls", "name=brightness&value=300");
            assertEquals(bad.text(), 400, bad.code());
            assertTrue(bad.text(), bad.text().contains("out of range"));
        } finally {
            Http.post(PORT, "/controls", "name=brightness&value=128");
        }
    }

    @Test
    public void aMemorySwapFromThePageKeepsThePictureComing() throws Exception {
        try {
            assertEquals(200, Http.post(PORT, "/memory", "prefer=dmabuf").code());
            long end = System.nanoTime() + 30_000_000_000L;
            while (!Http.get(PORT, "/state").text().contains("\"memory\":\"DMABUF\"")) {
                assertTrue("no swap to DMABUF within 30 s: " + Http.get(PORT, "/state").text(), System.nanoTime() < end);
                Thread.sleep(200);
            }
            String state = Http.get(PORT, "/state").text();
            assertTrue(state, state.contains("\"provider\":\"org.v4j.dmabuf 0."));
            assertEquals(640, ImageIO.read(new ByteArrayInputStream(Http.get(PORT, "/snapshot").body())).getWidth());
        } finally { // back to MMAP for the tests that run after this one ("auto" alone keeps DMABUF)
            Http.post(PORT, "/memory", "prefer=mmap");
            long end = System.nanoTime() + 30_000_000_000L;
            while (!Http.get(PORT, "/state").text().contains("\"memory\":\"MMAP\"") && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            Http.post(PORT, "/memory", "prefer=auto");
        }
    }

    @Test
    public void theSecondDeviceIsServedBesideTheFirstByItsQuery() throws Exception {
        String devices = Http.get(PORT, "/devices").text();
        assertTrue(devices, devices.startsWith("[{\"device\":\"/dev/video0\",\"driver\":\"vivid\""));
        assertTrue(devices, devices.contains("{\"device\":\"" + second + "\",\"driver\":\"vivid\""));
        String state = Http.get(PORT, "/state?device=" + second).text();
        for (String field : new String[] {"\"device\":\"" + second + "\"", "\"width\":320", "\"height\":180",
                "\"state\":\"STREAMING\""}) {
            assertTrue(field + " in " + state, state.contains(field));
        }
        Http.Answer jpeg = Http.get(PORT, "/snapshot?device=" + second.substring(5));
        assertEquals(jpeg.text(), 200, jpeg.code());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(320, image.getWidth());
        assertEquals(180, image.getHeight());
        String metrics = Http.get(PORT, "/metrics").text();
        for (String device : new String[] {"/dev/video0", second}) {
            Matcher frames = Pattern.compile("v4j_frames_total\\{device=\"" + device + "\",memory=\"MMAP\"\\} ([0-9]+)")
                    .matcher(metrics);
            assertTrue(device + " in " + metrics, frames.find());
            assertTrue(device + ": " + frames.group(0), Long.parseLong(frames.group(1)) > 0);
        }
        String page = Http.get(PORT, "/").text();
        assertTrue(page, page.contains("<a href=\"./?device=" + second + "\">" + second + " ("));
        Http.Answer none = Http.get(PORT, "/stream?device=/dev/video99");
        assertEquals(404, none.code());
        assertTrue(none.text(), none.text().contains("no such device: /dev/video99 (served: /dev/video0, " + second + ")"));
    }

    @Test
    public void aPathThatDoesNotExistIs404() {
        assertEquals(404, Http.get(PORT, "/nonesuch").code());
        assertTrue(Http.get(PORT, "/").text().contains("src=\"stream\""));
    }

}
