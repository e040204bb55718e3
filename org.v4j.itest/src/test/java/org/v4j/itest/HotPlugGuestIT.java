package org.v4j.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.v4j.api.DeviceNode;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/**
 * Devices as OSGi services, and hot-plug: vivid's platform device unbound through sysfs in the
 * middle of a configured stream (every vivid node goes away), then bound again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotPlugGuestIT {
    private static final Path UNBIND = Path.of("/sys/bus/platform/drivers/vivid/unbind");
    private static final Path BIND = Path.of("/sys/bus/platform/drivers/vivid/bind");

    @Inject
    BundleContext context;

    @Inject
    CaptureService capture;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return Gateway.options_();
    }

    private ServiceReference<DeviceNode> node(String path) throws Exception {
        var refs = context.getServiceReferences(DeviceNode.class, "(" + DeviceNode.PATH + "=" + path + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private void awaitNode(String path, boolean present) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((node(path) != null) != present && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if ((node(path) != null) != present) {
            List<String> services = context.getServiceReferences(DeviceNode.class, null).stream()
                    .map(r -> String.valueOf(r.getProperty(DeviceNode.PATH))).sorted().toList();
            List<String> dev;
            try (var list = Files.list(Path.of("/dev"))) {
                dev = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("video")).sorted().toList();
            }
            throw new AssertionError(path + (present ? " not registered" : " still registered") + "; services " + services
                    + ", /dev has " + dev);
        }
    }

    @Test
    public void everyNodeIsAServiceWithItsCapabilities() throws Exception {
        ServiceReference<DeviceNode> video0 = node("/dev/video0");
        assertTrue("a DeviceNode service for /dev/video0", video0 != null);
        assertEquals("vivid", video0.getProperty(DeviceNode.DRIVER));
        assertEquals("platform:vivid-000", video0.getProperty(DeviceNode.BUS_INFO));
        assertArrayEquals(new String[] {"VIDEO_CAPTURE", "READWRITE", "STREAMING"},
                (String[]) video0.getProperty(DeviceNode.CAPABILITIES));
        var mplane = context.getServiceReferences(DeviceNode.class, "(" + DeviceNode.CAPABILITIES + "=VIDEO_CAPTURE_MPLANE)");
        assertEquals(1, mplane.size());
        assertTrue(node("/dev/radio0") != null);
        assertEquals("/dev/video4", context.getService(node("/dev/video4")).path());
    }

    /**
     * Unbinding vivid mid-stream: the configured stream ends as REMOVED within a second, its
     * thread is gone, no fd or mapping of the node stays, the node's service goes away. Binding
     * again: the service comes back and the configured stream runs again.
     */
    @Test
    public void unbindEndsTheStreamAsRemovedAndBindRestartsTheConfiguredStream() throws Exception {
        String path = "/dev/video0";
        org.osgi.service.cm.Configuration config = configAdmin.createFactoryConfiguration("org.v4j.stream", "?");
        try {
            config.update(new Hashtable<>(Map.of("name", "hotplug", "device", path, "memory", "auto")));
            CaptureStream stream = awaitStream(path, null);
            assertTrue("frames arrive", stream.awaitFrames(3, Duration.ofSeconds(30)));

            long start = System.nanoTime();
            Files.writeString(UNBIND, "vivid.0");
            StreamStats stats = stream.awaitEnd(Duration.ofSeconds(5));
            long endedMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("unbind: the stream on " + path + " ended " + stats.state() + " after " + endedMillis
                    + " ms: " + stream.failure().map(Throwable::getMessage).orElse(""));
            assertEquals(StreamState.REMOVED, stats.state());
            assertTrue(stream.failure().orElseThrow().getMessage(),
                    stream.failure().orElseThrow().getMessage().startsWith("device removed: " + path + " ("));
            assertTrue("ended within one second, took " + endedMillis + " ms", endedMillis <= 1000);
            assertEquals("no thread left on the stream", List.of(), Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).filter(n -> n.startsWith("v4j-capture-" + stream.id() + " ")).toList());
            awaitNode(path, false);
            assertEquals(List.of(), Gateway.fdsOn(path));
            assertEquals(List.of(), Gateway.mappingsOf(path));
            assertEquals(List.of(), Gateway.mappingsOf(path + " (deleted)"));
            // the kernel frees a node's number only when its last user is gone: wait for that, so
            // that vivid gets the same numbers back
            long released = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Files.exists(Path.of("/sys/class/video4linux/video0")) && System.nanoTime() < released) {
                Thread.sleep(20);
            }
            assertTrue("video0 released by the kernel", !Files.exists(Path.of("/sys/class/video4linux/video0")));

            Files.writeString(BIND, "vivid.0");
            awaitNode(path, true);
            CaptureStream again = awaitStream(path, stream);
            assertTrue("the configured stream runs again", again.awaitFrames(3, Duration.ofSeconds(30)));
        } finally {
            config.delete();
            if (!Files.exists(Path.of("/sys/bus/platform/drivers/vivid/vivid.0"))) {
                Files.writeString(BIND, "vivid.0");
            }
        }
    }

    private CaptureStream awaitStream(String path, CaptureStream not) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (CaptureStream stream : capture.streams()) {
                if (stream.device().equals(path) && stream != not) {
                    return stream;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no stream on " + path);
    }
}
