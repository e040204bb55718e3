package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The HTTP bundle in the gateway (Felix and Equinox): configured through Configuration Admin as
 * {@code ./v4j serve} does, its servlets register on the Servlet Whiteboard of Felix HTTP (Jetty 12)
 * and every endpoint answers over real HTTP, from a capture service with no driver ({@link FakeCapture}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpIT extends GatewayTest {
    private static final int PORT = Integer.getInteger("v4j.http.test.port", 18181);
    /** One camera for the whole class (one container per class): configured by the first test. */
    private static FakeCapture fake;

    @Before
    public void serveTheFakeCamera() throws Exception {
        if (fake != null) {
            return;
        }
        fake = new FakeCapture();
        fake.register(context);
        Configuration config = FakeCapture.httpConfiguration(context);
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("device", "/dev/fake0");
        c.put("port", PORT);
        c.put("quality", 85);
        c.put("capture.target", FakeCapture.TARGET);
        config.update(c);
        long end = System.nanoTime() + 60_000_000_000L;
        while (Http.get(PORT, "/state").code() != 200) {
            if (System.nanoTime() > end) {
                throw new AssertionError("/state did not answer within 60 s: " + Http.get(PORT, "/state").text() + "\n" + diagnosis());
            }
            Thread.sleep(100);
        }
    }

    /** Bundle states and the latest log entries, for a failure message. */
    private String diagnosis() {
        StringBuilder b = new StringBuilder();
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            b.append(bundle.getSymbolicName()).append(' ').append(bundle.getState()).append('\n');
        }
        try {
            for (var ref : context.getServiceReferences((String) null, "(|(objectClass=*HttpServiceRuntime)(service.pid=org.apache.felix.http))")) {
                b.append("service ").append(java.util.Arrays.toString((String[]) ref.getProperty("objectClass")))
                        .append(" endpoint ").append(java.util.Arrays.deepToString(new Object[] {ref.getProperty("osgi.http.endpoint")}))
                        .append('\n');
            }
            ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
            cm.open();
            var configs = cm.getService().listConfigurations(null);
            for (var c : configs == null ? new Configuration[0] : configs) {
                b.append("config ").append(c.getPid()).append(' ').append(c.getBundleLocation()).append(' ').append(c.getProperties()).append('\n');
            }
            cm.close();
        } catch (Exception e) {
            b.append(e).append('\n');
        }
        ServiceTracker<org.osgi.service.log.LogReaderService, org.osgi.service.log.LogReaderService> t =
                new ServiceTracker<>(context, org.osgi.service.log.LogReaderService.class, null);
        t.open();
        var reader = t.getService();
        if (reader != null) {
            var entries = java.util.Collections.list(reader.getLog());
            for (var e : entries.subList(0, Math.min(25, entries.size()))) {
                b.append(e.getLogLevel()).append(' ').append(e.getBundle() == null ? "-" : e.getBundle().getSymbolicName())
                        .append(": ").append(e.getMessage()).append(e.getException() == null ? "" : " " + e.getException())
                        .append('\n');
            }
        }
        t.close();
        return b.toString();
    }



    @Test
    public void everyServletIsOnTheWhiteboard() throws Exception {
        ServiceTracker<HttpServiceRuntime, HttpServiceRuntime> t = new ServiceTracker<>(context, HttpServiceRuntime.class, null);
        t.open();
        HttpServiceRuntime runtime = t.waitForService(30_000);
        assertNotNull("no Servlet Whiteboard runtime", runtime);
        Set<String> patterns = new HashSet<>();
        for (ServletContextDTO ctx : runtime.getRuntimeDTO().servletContextDTOs) {
            for (ServletDTO s : ctx.servletDTOs) {
                patterns.addAll(Arrays.asList(s.patterns));
            }
        }
        t.close();
        assertTrue(patterns.toString(), patterns.containsAll(Set.of("/", "/stream", "/snapshot", "/state", "/metrics", "/controls", "/memory")));
        assertEquals(0, runtime.getRuntimeDTO().failedServletDTOs.length);
    }

    @Test
    public void snapshotIsAJpegOfTheFrameSizeAndPngOnRequest() throws Exception {
        Http.Answer jpeg = Http.get(PORT, "/snapshot");
        assertEquals(jpeg.text(), 200, jpeg.code());
        assertEquals("image/jpeg", jpeg.type());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(FakeCapture.WIDTH, image.getWidth());
        assertEquals(FakeCapture.HEIGHT, image.getHeight());
        Http.Answer png = Http.get(PORT, "/snapshot?format=png");
        assertEquals(200, png.code());
        assertEquals("image/png", png.type());
        assertEquals(FakeCapture.WIDTH, ImageIO.read(new ByteArrayInputStream(png.body())).getWidth());
        assertEquals(400, Http.get(PORT, "/snapshot?format=gif").code());
        assertEquals("every retained frame was released", fake.retained.get(), fake.released.get());
    }

    @Test
    public void stateSaysDeviceFormatMemoryEncoderAndCounts() throws InterruptedException {
        // the clients of a test before this one are let go when the server's next write to them fails
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Http.get(PORT, "/state").text().contains("\"clients\":0") && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        Http.Answer state = Http.get(PORT, "/state");
        assertTrue(state.type(), state.type().startsWith("application/json"));
        String json = state.text();
        for (String field : new String[] {"\"device\":\"/dev/fake0\"", "\"driver\":\"fake\"", "\"width\":160",
                "\"height\":120", "\"pixelformat\":\"YUYV\"", "\"memory\":\"MMAP\"", "\"provider\":\"fake\"", "\"state\":\"STREAMING\"",
                "\"encoder\":\"" + FakeCapture.expectedEncoder() + "\"", "\"quality\":85", "\"clients\":0"}) {
            assertTrue(field + " in " + json, json.contains(field));
        }
        Matcher fps = Pattern.compile("\"fps\":([0-9.]+)").matcher(json);
        assertTrue(json, fps.find());
        double measured = Double.parseDouble(fps.group(1));
        assertTrue("fps " + measured + " (the fake sends about 30, a loaded host fewer)", measured > 5 && measured < 40);
    }

    @Test
    public void metricsAreParsablePrometheusTextWithTheStreamsCounters() {
        Http.Answer metrics = Http.get(PORT, "/metrics");
        assertEquals(200, metrics.code());
        assertTrue(metrics.type(), metrics.type().startsWith("text/plain") && metrics.type().contains("version=0.0.4"));
        String text = metrics.text();
        Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [0-9.eE+-]+|[a-z_]+_bucket\\{[^}]*\\} [0-9]+");
        for (String line : text.split("\n")) {
            assertTrue("not Prometheus text: " + line, line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || sample.matcher(line).matches());
        }
        Matcher frames = Pattern.compile("v4j_frames_total\\{device=\"/dev/fake0\",memory=\"MMAP\"\\} ([0-9]+)").matcher(text);
        assertTrue(text, frames.find());
        assertTrue(Long.parseLong(frames.group(1)) > 0);
        assertTrue(text, text.contains("v4j_http_encode_seconds_bucket{device=\"/dev/fake0\",encoder=\"" + FakeCapture.expectedEncoder() + "\",le=\"+Inf\"}"));
        assertTrue(text, text.contains("# TYPE v4j_http_frame_age_seconds histogram"));
    }

    @Test
    public void streamSendsJpegPartsThatChangeAndStopsEncodingWhenTheClientGoes() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + "/stream").toURL().openConnection();
        c.setReadTimeout(20_000);
        assertEquals(200, c.getResponseCode());
        assertEquals("multipart/x-mixed-replace;boundary=v4jframe", c.getContentType().replace(" ", ""));
        Set<Integer> sequences = new HashSet<>();
        Set<Integer> lumas = new HashSet<>();
        try (DataInputStream in = new DataInputStream(c.getInputStream())) {
            for (int part = 0; part < 5; part++) {
                String boundary = Http.line(in);
                if (boundary.isEmpty()) {
                    boundary = Http.line(in);
                }
                assertEquals("--v4jframe", boundary);
                int length = -1;
                for (String h; !(h = Http.line(in)).isEmpty(); ) {
                    if (h.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(h.substring(16));
                    } else if (h.startsWith("X-Sequence: ")) {
                        sequences.add(Integer.parseInt(h.substring(12)));
                    }
                }
                byte[] jpeg = new byte[length];
                in.readFully(jpeg);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
                assertEquals(FakeCapture.WIDTH, image.getWidth());
                lumas.add(image.getRGB(10, 10) & 0xff);
            }
        }
        c.disconnect();
        assertEquals("five different frames", 5, sequences.size());
        assertTrue("the picture changes: " + lumas, lumas.size() > 1);
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Http.get(PORT, "/state").text().contains("\"clients\":0")) {
            assertTrue("the client was not let go", System.nanoTime() < end);
            Thread.sleep(100);
        }
        String before = encoded();
        Thread.sleep(500);
        assertEquals("frames encoded with nobody watching", before, encoded());
    }

    private static String encoded() {
        Matcher m = Pattern.compile("\"encoded\":([0-9]+)").matcher(Http.get(PORT, "/state").text());
        assertTrue(m.find());
        return m.group(1);
    }



    @Test
    public void memoryFromThePageTakesAPreferenceAndRefusesNonsense() {
        Http.Answer ok = Http.post(PORT, "/memory", "prefer=dmabuf,mmap");
        assertEquals(ok.text(), 200, ok.code());
        assertTrue(ok.text(), ok.text().contains("\"memory_preference\":\"dmabuf,mmap\""));
        Http.Answer bad = Http.post(PORT, "/memory", "prefer=floppy");
        assertEquals(bad.text(), 400, bad.code());
        assertTrue(bad.text(), bad.text().contains("floppy"));
    }

    @Test
    public void controlsOfADeviceThatIsNotThereSayWhich() {
        Http.Answer controls = Http.get(PORT, "/controls");
        assertEquals(controls.text(), 503, controls.code());
        assertTrue(controls.text(), controls.text().contains("/dev/fake0"));
        assertEquals(400, Http.post(PORT, "/controls", "name=brightness").code());
    }

    @Test
    public void twentyClientsOneNeverReadingDoNotSlowCaptureOrTheOthers() throws Exception {
        // the one that never reads: a tiny receive window, so the server's writes to it block soon
        java.net.Socket stuck = new java.net.Socket();
        stuck.setReceiveBufferSize(1024);
        stuck.connect(new java.net.InetSocketAddress("127.0.0.1", PORT));
        stuck.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(19);
        java.util.concurrent.atomic.AtomicIntegerArray parts = new java.util.concurrent.atomic.AtomicIntegerArray(19);
        long framesBefore = fake.streams().get(0).stats().frames();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 19; i++) {
                int reader = i;
                readers.execute(() -> {
                    try {
                        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + "/stream").toURL().openConnection();
                        c.setReadTimeout(10_000);
                        try (DataInputStream in = new DataInputStream(c.getInputStream())) {
                            long end = System.nanoTime() + 4_000_000_000L;
                            while (System.nanoTime() < end) {
                                if (Http.line(in).equals("--v4jframe")) {
                                    parts.incrementAndGet(reader);
                                }
                            }
                        }
                        c.disconnect();
                    } catch (IOException e) {
                        parts.set(reader, -1000);
                    }
                });
            }
            readers.shutdown();
            Thread.sleep(2000);
            String during = Http.get(PORT, "/state").text();
            assertTrue("20 clients at once: " + during, during.contains("\"clients\":20"));
            assertTrue(readers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - start) / 1e9;
            long frames = fake.streams().get(0).stats().frames() - framesBefore;
            String state = Http.get(PORT, "/state").text();
            // the fake delivers about 30 a second (a 33 ms sleep) whatever the clients do
            assertTrue(frames + " frames in " + seconds + " s with 20 clients", frames / seconds > 20);
            for (int i = 0; i < 19; i++) {
                assertTrue("reader " + i + " got " + parts.get(i) + " parts in 4 s; " + state, parts.get(i) >= 20);
            }
            // on loopback the kernel's buffers take the idle client's ~0.5 MB of these small JPEGs in
            // 4 s, so its writes need not block yet; its mailbox dropping is FrameHubTest's case
        } finally {
            stuck.close();
        }
    }

    /** A node that is there again: what discovery registers when a device comes back. */
    private static final class Node implements org.v4j.api.DeviceNode {
        @Override
        public String path() {
            return "/dev/fake0";
        }

        @Override
        public org.v4j.api.Capability capability() {
            return fake.streams().get(0).capability();
        }
    }

    @Test
    public void anUnplugEndsTheStreamAndStateSaysSoAndTheNodeComingBackStreamsAgain() throws Exception {
        String before = Http.get(PORT, "/state").text();
        assertTrue(before, before.contains("\"state\":\"STREAMING\""));
        fake.unplug();
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Http.get(PORT, "/state").text().contains("\"state\":\"REMOVED\"")) {
            assertTrue("/state did not say REMOVED: " + Http.get(PORT, "/state").text(), System.nanoTime() < end);
            Thread.sleep(50);
        }
        assertEquals(503, Http.get(PORT, "/stream").code());
        var node = context.registerService(org.v4j.api.DeviceNode.class, new Node(), null);
        try {
            end = System.nanoTime() + 20_000_000_000L;
            while (!Http.get(PORT, "/state").text().contains("\"state\":\"STREAMING\"")) {
                assertTrue("not streaming again: " + Http.get(PORT, "/state").text(), System.nanoTime() < end);
                Thread.sleep(50);
            }
            assertEquals(200, Http.get(PORT, "/snapshot").code());
            assertEquals("one stream, the new one", 1, fake.streams().size());
        } finally {
            node.unregister();
        }
    }

    @Test
    public void pathsThatDoNotExistAre404() {
        assertEquals(404, Http.get(PORT, "/nonesuch").code());
        assertEquals(404, Http.get(PORT, "/state/more").code());
        Http.Answer page = Http.get(PORT, "/");
        assertEquals(200, page.code());
        assertTrue(page.text(), page.text().contains("<img id=\"live\" src=\"stream\""));
    }
}
