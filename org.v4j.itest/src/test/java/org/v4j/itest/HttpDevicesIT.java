package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.stream.CaptureStream;

/**
 * One HTTP configuration serving two devices (fakes, as {@link HttpIT}): {@code ?device=} picks one on
 * every endpoint, by path or name; an unknown one is a 404 naming it and the devices served;
 * {@code /devices} and the page list them; {@code /metrics} has every device in each family; a changed
 * list keeps the device that stays streaming, refuses a list with a device that cannot stream as a
 * whole; one device unplugged leaves the other streaming.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpDevicesIT extends GatewayTest {
    private static final int PORT = Integer.getInteger("v4j.http.devices.test.port", 18183);
    private static final String A = "/dev/fake0", B = "/dev/fake1";
    private static FakeCapture fake;
    private static Configuration config;

    @Before
    public void serveTwoFakeCameras() throws Exception {
        if (fake != null) {
            return;
        }
        fake = new FakeCapture();
        fake.register(context);
        config = FakeCapture.httpConfiguration(context);
        configure(A, B);
        await(() -> Http.get(PORT, "/devices").code() == 200 && streaming(A) && streaming(B), "both devices serving");
    }

    private static void configure(String... devices) throws Exception {
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("device", devices);
        c.put("port", PORT);
        c.put("capture.target", FakeCapture.TARGET);
        config.update(c);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(what + " within 60 s; /devices: " + Http.get(PORT, "/devices").text(), System.nanoTime() < end);
            Thread.sleep(100);
        }
    }

    private static boolean streaming(String device) {
        return Http.get(PORT, "/state?device=" + device).text().contains("\"state\":\"STREAMING\"");
    }

    private static CaptureStream streamOf(String device) {
        return fake.streams().stream().filter(s -> s.device().equals(device)).findFirst().orElse(null);
    }

    @Test
    public void devicesListsBothTheDefaultFirst() {
        Http.Answer devices = Http.get(PORT, "/devices");
        assertEquals(200, devices.code());
        assertTrue(devices.type(), devices.type().startsWith("application/json"));
        String json = devices.text();
        assertTrue(json, json.startsWith("[{\"device\":\"" + A + "\""));
        assertTrue(json, json.contains("{\"device\":\"" + B + "\",\"driver\":\"fake\""));
        assertTrue(json, json.contains("\"query\":\"?device=" + B + "\""));
        assertEquals(json, 2, json.split("\"state\":\"STREAMING\"", -1).length - 1);
    }

    @Test
    public void everyEndpointPicksItsDeviceByPathOrName() throws Exception {
        assertTrue(Http.get(PORT, "/state").text().contains("\"device\":\"" + A + "\""));
        assertTrue(Http.get(PORT, "/state?device=" + B).text().contains("\"device\":\"" + B + "\""));
        assertTrue(Http.get(PORT, "/state?device=fake1").text().contains("\"device\":\"" + B + "\""));
        Http.Answer jpeg = Http.get(PORT, "/snapshot?device=fake1");
        assertEquals(jpeg.text(), 200, jpeg.code());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(FakeCapture.WIDTH, image.getWidth());
        Http.Answer controls = Http.get(PORT, "/controls?device=fake1");
        assertEquals(controls.text(), 503, controls.code());
        assertTrue("the controls of " + B + ", not " + A + ": " + controls.text(),
                controls.text().contains(B) && !controls.text().contains(A));
        Http.Answer memory = Http.post(PORT, "/memory?device=" + B, "prefer=mmap");
        assertEquals(memory.text(), 200, memory.code());
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + "/stream?device=" + B).toURL()
                .openConnection();
        c.setReadTimeout(20_000);
        assertEquals(200, c.getResponseCode());
        try (DataInputStream in = new DataInputStream(c.getInputStream())) {
            assertEquals("--v4jframe", Http.line(in));
            await(() -> Http.get(PORT, "/state?device=" + B).text().contains("\"clients\":1"), "one client on " + B);
            assertTrue(Http.get(PORT, "/state?device=" + A).text().contains("\"clients\":0"));
        }
        c.disconnect();
    }

    @Test
    public void anUnknownDeviceIs404NamingItAndTheDevicesServed() {
        for (String path : new String[] {"/", "/state", "/snapshot", "/stream", "/controls"}) {
            Http.Answer a = Http.get(PORT, path + "?device=/dev/nonesuch");
            assertEquals(path + ": " + a.text(), 404, a.code());
            assertTrue(path + ": " + a.text(), a.text().contains("no such device: /dev/nonesuch (served: " + A + ", " + B + ")"));
        }
        Http.Answer memory = Http.post(PORT, "/memory?device=video9", "prefer=mmap");
        assertEquals(memory.text(), 404, memory.code());
        assertTrue(memory.text(), memory.text().contains("no such device: video9"));
        assertEquals("a device named by a path's middle is not that device", 404, Http.get(PORT, "/state?device=dev").code());
    }

    @Test
    public void metricsHaveEveryDeviceInEachFamilyAndEachFamilyOnce() {
        String text = Http.get(PORT, "/metrics").text();
        List<String> families = new ArrayList<>();
        String current = null;
        Set<String> devicesOfFamily = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String family = line.split(" ")[2];
                assertFalse("family " + family + " declared twice", families.contains(family));
                if (current != null && !current.equals("v4j_frames_total")) {
                    assertEquals("devices of " + current, Set.of(A, B), devicesOfFamily);
                }
                families.add(family);
                current = family;
                devicesOfFamily.clear();
            } else if (!line.startsWith("#")) {
                assertNotNull("a sample before any family: " + line, current);
                assertTrue("sample " + line + " outside its family " + current, line.startsWith(current));
                devicesOfFamily.add(line.replaceFirst(".*device=\"([^\"]*)\".*", "$1"));
            }
        }
        assertTrue(text, families.containsAll(List.of("v4j_frames_total", "v4j_swaps_total", "v4j_http_encode_seconds")));
        assertTrue(text, text.contains("v4j_frames_total{device=\"" + A + "\",memory=\"MMAP\"}")
                && text.contains("v4j_frames_total{device=\"" + B + "\",memory=\"MMAP\"}"));
    }

    @Test
    public void thePageListsEveryDeviceAndLinksTheOther() {
        String first = Http.get(PORT, "/").text();
        assertTrue(first, first.contains("<img id=\"live\" src=\"stream\""));
        assertTrue(first, first.contains("<li><b>" + A + " (") && first.contains("<li><a href=\"./?device=" + B + "\">" + B + " ("));
        Http.Answer second = Http.get(PORT, "/?device=fake1");
        assertEquals(200, second.code());
        String page = second.text();
        assertTrue(page, page.contains("<img id=\"live\" src=\"stream?device=" + B + "\""));
        assertTrue(page, page.contains("const Q = \"?device=" + B + "\";"));
        assertTrue(page, page.contains("snapshot?format=png&amp;device=" + B));
        assertTrue(page, page.contains("<li><a href=\"./\">" + A + " (") && page.contains("<li><b>" + B + " ("));
    }

    @Test
    public void aChangedListKeepsTheDeviceThatStaysAndRefusesOneThatCannotStream() throws Exception {
        CaptureStream b = streamOf(B);
        CaptureStream a = streamOf(A);
        assertNotNull(b);
        try {
            configure(B);
            await(() -> !Http.get(PORT, "/devices").text().contains(A), A + " no longer served");
            assertSame("the stream of the device that stays", b, streamOf(B));
            assertFalse(A + "'s stream is closed", fake.streams().contains(a));
            assertTrue("the default is now " + B, Http.get(PORT, "/state").text().contains("\"device\":\"" + B + "\""));
            assertEquals(404, Http.get(PORT, "/state?device=" + A).code());

            awaitLog("cannot serve " + B + ", /dev/fake-refused, still serving " + B + ": ", () -> {
                try {
                    configure(B, "/dev/fake-refused");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("still " + B + " alone: " + Http.get(PORT, "/devices").text(), 1, fake.streams().size());
            assertSame(b, streamOf(B));
            assertEquals(404, Http.get(PORT, "/state?device=fake-refused").code());
        } finally {
            configure(A, B);
            await(() -> streaming(A) && streaming(B), "both devices serving again");
        }
        assertSame("the stream of " + B + " all along", b, streamOf(B));
        assertTrue(Http.get(PORT, "/devices").text().startsWith("[{\"device\":\"" + A + "\""));
    }

    /**
     * Runs {@code action} and waits until the log says a line starting with {@code start}: a listener,
     * not the log's history, which Equinox keeps none of by default.
     */
    private void awaitLog(String start, Runnable action) throws Exception {
        ServiceTracker<LogReaderService, LogReaderService> t = new ServiceTracker<>(context, LogReaderService.class, null);
        t.open();
        java.util.Queue<String> said = new java.util.concurrent.ConcurrentLinkedQueue<>();
        LogListener listener = e -> said.add(e.getMessage());
        LogReaderService reader = t.waitForService(10_000);
        reader.addLogListener(listener);
        try {
            action.run();
            await(() -> said.stream().anyMatch(m -> m.startsWith(start)), "the log says '" + start + "'");
        } finally {
            reader.removeLogListener(listener);
            t.close();
        }
    }

    @Test
    public void oneDeviceUnpluggedLeavesTheOtherStreamingAndComesBack() throws Exception {
        fake.unplug(A);
        await(() -> Http.get(PORT, "/state?device=" + A).text().contains("\"state\":\"REMOVED\""), A + " REMOVED");
        assertTrue(streaming(B));
        assertEquals(503, Http.get(PORT, "/stream?device=" + A).code());
        assertEquals(200, Http.get(PORT, "/snapshot?device=" + B).code());
        var node = context.registerService(org.v4j.api.DeviceNode.class, new org.v4j.api.DeviceNode() {
            @Override public String path() { return A; }
            @Override public org.v4j.api.Capability capability() { return streamOf(B).capability(); }
        }, null);
        try {
            await(() -> streaming(A), A + " streaming again");
            assertEquals(200, Http.get(PORT, "/snapshot?device=" + A).code());
        } finally {
            node.unregister();
        }
    }
}
