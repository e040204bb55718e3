package org.v4j.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.v4j.device.BufferQueue;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.device.Device;
import org.v4j.api.DeviceNode;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.device.Poller;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.ioctl.Errno;
import org.v4j.api.V4l2Exception;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/**
 * Devices as OSGi services, and hot-plug: vivid's platform device unbound through sysfs in the
 * middle of a configured stream (every vivid node goes away), then bound again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotPlugGuestIT extends GatewayTest {
    private static final Path UNBIND = Path.of("/sys/bus/platform/drivers/vivid/unbind");
    private static final Path BIND = Path.of("/sys/bus/platform/drivers/vivid/bind");

    @Inject
    ConfigurationAdmin configAdmin;

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
            assertEquals("no thread left on the stream", java.util.Optional.empty(), thread(stream));
            awaitNode(path, false);
            assertEquals(List.of(), Gateway.fdsOn(path));
            assertEquals(List.of(), Gateway.mappingsOf(path));
            assertEquals(List.of(), Gateway.mappingsOf(path + " (deleted)"));
            bindAgain();
            CaptureStream again = awaitStream(path, stream);
            assertTrue("the configured stream runs again", again.awaitFrames(3, Duration.ofSeconds(30)));
        } finally {
            config.delete();
            bound();
        }
    }

    /**
     * One thread serves two devices through a {@link Poller} (epoll): frames from both, a
     * {@link Poller#wakeup()} reaches it, and when vivid is unbound it sees each device removed
     * (ENODEV) within a second, although it waits without a timeout, and ends by itself.
     */
    @Test
    public void oneThreadServesTwoDevicesAndSeesBothRemoved() throws Exception {
        List<String> paths = List.of(Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE),
                Vivid.instanceNode(2, org.v4j.api.CapabilityFlag.VIDEO_CAPTURE));
        MemoryProvider mmap = context.getService(context.getServiceReferences(MemoryProvider.class,
                "(" + MemoryProvider.MEMORY_TYPE + "=MMAP)").iterator().next());
        Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
        Map<String, Long> removedAt = new ConcurrentHashMap<>();
        List<Throwable> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong wakes = new AtomicLong();
        List<Device> devices = new ArrayList<>();
        Poller poller = Poller.open("the test's devices");
        Thread server = null;
        try {
            for (String path : paths) {
                Device device = Device.open(path);
                devices.add(device);
                BufferQueue queue = device.queue(device.captureType());
                int allocated = queue.allocate(mmap, 4, null).size();
                for (int i = 0; i < allocated; i++) {
                    queue.queue(i);
                }
                queue.streamOn();
                poller.add(queue);
                frames.put(path, new AtomicLong());
            }
            server = new Thread(() -> {
                try {
                    int served = paths.size();
                    while (served > 0) {
                        int n = poller.await(-1);
                        if (poller.woken()) {
                            wakes.incrementAndGet();
                        }
                        for (int i = 0; i < n; i++) {
                            BufferQueue queue = poller.ready(i);
                            String path = queue.device().path();
                            try {
                                Frame frame;
                                while ((frame = queue.dequeueReady()) != null) {
                                    frames.get(path).incrementAndGet();
                                    queue.queue(frame.index());
                                }
                            } catch (V4l2Exception e) {
                                if (e.errno() != Errno.ENODEV) {
                                    throw e;
                                }
                                removedAt.put(path, System.nanoTime());
                                poller.remove(queue);
                                served--;
                            }
                        }
                    }
                } catch (Throwable t) {
                    problems.add(t);
                }
            }, "v4j-test-poller");
            server.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (frames.values().stream().anyMatch(n -> n.get() < 30) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), problems);
            for (String path : paths) {
                assertTrue(path + ": 30 frames served by the one thread, got " + frames.get(path), frames.get(path).get() >= 30);
            }
            poller.wakeup();
            long woke = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (wakes.get() == 0 && System.nanoTime() < woke) {
                Thread.sleep(5);
            }
            assertEquals("the wakeup reached the thread", 1, wakes.get());

            long start = System.nanoTime();
            Files.writeString(UNBIND, "vivid.0");
            server.join(5000);
            assertTrue("the serving thread ended by itself", !server.isAlive());
            assertEquals(List.of(), problems);
            for (String path : paths) {
                assertTrue(path + " seen removed", removedAt.containsKey(path));
                long millis = (removedAt.get(path) - start) / 1_000_000;
                System.out.println("unbind: one thread serving " + paths + " saw " + path + " removed after " + millis
                        + " ms (" + frames.get(path) + " frames served)");
                assertTrue(path + " removed within one second, took " + millis + " ms", millis <= 1000);
            }
            poller.close();
            devices.forEach(Device::close); // no ENODEV thrown: the device is gone, its buffers with it
            for (String path : paths) {
                assertEquals(List.of(), Gateway.fdsOn(path));
                assertEquals(List.of(), Gateway.mappingsOf(path + " (deleted)"));
                assertEquals(List.of(), Gateway.mappingsOf(path));
            }
        } finally {
            try {
                if (server != null && server.isAlive()) {
                    poller.wakeup();
                    server.interrupt();
                }
                poller.close();
                devices.forEach(Device::close);
            } finally {
                bindAgain();
            }
        }
    }

    /**
     * Streams that do not wait for buffers still notice removal: one paused (no provider its
     * preference allows; its thread sleeps, no busy loop) and one whose application retains every
     * frame. Both end as REMOVED within a second of the unbind, with nothing left open.
     */
    @Test
    public void pausedAndFullyRetainedStreamsAlsoEndRemoved() throws Exception {
        String pausedPath = "/dev/video0";
        String heldPath = Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE);
        List<Frame> retained = Collections.synchronizedList(new ArrayList<>());
        CaptureStream paused = capture.start(CaptureRequest.of(pausedPath, MemoryPreference.AUTO), frame -> {});
        CaptureStream held = capture.start(CaptureRequest.of(heldPath, MemoryPreference.AUTO).withBufferCount(4), frame -> {
            frame.retain();
            retained.add(frame);
        });
        try {
            assertTrue(paused.awaitFrames(3, Duration.ofSeconds(30)));
            paused.setMemory(MemoryPreference.AUTO.withFilter("(v4j.test.none=1)"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((paused.stats().state() != StreamState.PAUSED || retained.size() < 4) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(StreamState.PAUSED, paused.stats().state());
            assertEquals("the application retains every buffer", 4, retained.size());
            long cpu = cpuNanos(paused) + cpuNanos(held);
            Thread.sleep(1000);
            long used = (cpuNanos(paused) + cpuNanos(held) - cpu) / 1_000_000;
            System.out.println("paused and fully retained streams: their threads used " + used + " ms of CPU in 1 s");
            assertTrue("the waiting threads sleep, used " + used + " ms of CPU in 1 s", used < 200);

            long start = System.nanoTime();
            Files.writeString(UNBIND, "vivid.0");
            for (CaptureStream stream : List.of(paused, held)) {
                StreamStats stats = stream.awaitEnd(Duration.ofSeconds(5));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("unbind: the " + (stream == paused ? "paused" : "fully retained") + " stream on "
                        + stream.device() + " ended " + stats.state() + " after " + millis + " ms: "
                        + stream.failure().map(Throwable::getMessage).orElse(""));
                assertEquals(StreamState.REMOVED, stats.state());
                assertTrue("within one second, took " + millis + " ms", millis <= 1000);
            }
            assertThrows(IllegalStateException.class, () -> retained.get(0).plane(0).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            retained.forEach(Frame::release); // harmless once revoked
            for (String path : List.of(pausedPath, heldPath)) {
                assertEquals(List.of(), Gateway.fdsOn(path));
                assertEquals(List.of(), Gateway.mappingsOf(path + " (deleted)"));
            }
        } finally {
            try {
                paused.close();
                held.close();
            } finally {
                bindAgain();
            }
        }
    }

    /** The thread of {@code stream} ({@code v4j-capture-ID PATH}), while it lives. */
    private static java.util.Optional<Thread> thread(CaptureStream stream) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("v4j-capture-" + stream.id() + " ")).findFirst();
    }

    private static long cpuNanos(CaptureStream stream) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread(stream).orElseThrow().threadId());
    }

    /**
     * After an unbind: waits until the kernel has freed video0's number (only when its last user
     * is gone, so vivid gets the same numbers back), binds vivid again and waits for its nodes.
     */
    private void bindAgain() throws Exception {
        long released = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(Path.of("/sys/class/video4linux/video0")) && !bound() && System.nanoTime() < released) {
            Thread.sleep(20);
        }
        if (!bound()) {
            assertTrue("video0 released by the kernel", !Files.exists(Path.of("/sys/class/video4linux/video0")));
            Files.writeString(BIND, "vivid.0");
        }
        awaitNode("/dev/video0", true);
        awaitNode(Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE), true);
    }

    private static boolean bound() {
        return Files.exists(Path.of("/sys/bus/platform/drivers/vivid/vivid.0"));
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
