package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.v4j.api.BufferType;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;
import org.v4j.api.V4l2Exception;

/**
 * Capture from the kernel's vivid driver through the gateway's bundles in Felix, in the qemu guest
 * (vm/run loads vivid: a single-planar and a multi-planar capture device, and a radio node).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VividCaptureGuestIT extends GatewayTest {
    private static final Duration END = Duration.ofSeconds(120);

    @After
    public void nothingStillRunning() {
        assertEquals(List.of(), capture.streams());
    }

    private StreamStats stream100(CaptureRequest request, int planes) throws Exception {
        FrameChecks checks = new FrameChecks(100);
        StreamStats stats;
        String path = request.device();
        try (CaptureStream stream = capture.start(request, checks)) {
            assertEquals(planes, stream.format().planes().size());
            stats = stream.awaitEnd(END);
            assertEquals(stream.failure().map(Throwable::toString).orElse("no failure"), StreamState.ENDED, stats.state());
            System.out.printf("%s %s: %d frames in %.1f s, dropped %d%n", path, stream.format().describe(),
                    stats.frames(), stats.elapsed().toNanos() / 1e9, stats.dropped());
        }
        assertEquals(List.of(), checks.problems);
        assertEquals(100, checks.frames);
        assertEquals(100, stats.frames());
        assertEquals(0, stats.lost());
        assertEquals("driver drops counted = sequence gaps seen", checks.dropped, stats.dropped());
        assertEquals(List.of(MemoryType.MMAP), stats.memory());
        assertEquals("every view of a requeued buffer was revoked", 99, checks.revokedViews);
        assertFalse("frame 1 and frame 100 are identical: the picture does not change",
                Arrays.equals(checks.first, checks.last));
        assertEquals("fds still on " + path, List.of(), Gateway.fdsOn(path));
        assertEquals("mappings still of " + path, List.of(), Gateway.mappingsOf(path));
        return stats;
    }

    @Test
    public void singlePlanarMmap100Frames() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        stream100(CaptureRequest.of(path, MemoryType.MMAP).withFrameLimit(100).withBufferCount(8), 1);
    }

    @Test
    public void multiPlanarMmap100FramesWithTwoPlanes() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE_MPLANE);
        stream100(CaptureRequest.of(path, MemoryType.MMAP).withFormat(320, 180, PixelFormat.NV12M)
                .withFrameLimit(100).withBufferCount(8), 2);
    }

    @Test
    public void aRadioNodeCannotStreamVideoAndNothingStaysOpen() throws Exception {
        V4l2Exception e = assertThrows(V4l2Exception.class,
                () -> capture.start(CaptureRequest.of("/dev/radio0", MemoryType.MMAP), frame -> { }));
        assertTrue(e.getMessage(), e.getMessage().matches(
                "not a streaming video capture device \\(device_caps 0x[0-9a-f]{8}\\): /dev/radio0 \\(VIDIOC_QUERYCAP\\)"));
        assertEquals(List.of(), Gateway.fdsOn("/dev/radio0"));
    }

    @Test
    public void anUnsupportedPixelFormatIsRefusedAndEverythingReleased() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        V4l2Exception e = assertThrows(V4l2Exception.class, () -> capture.start(
                CaptureRequest.of(path, MemoryType.MMAP).withFormat(0, 0, PixelFormat.of("MJPG")), frame -> { }));
        assertTrue(e.getMessage(), e.getMessage().startsWith("pixel format MJPG is not supported (offers [YUYV"));
        assertEquals(List.of(), Gateway.fdsOn(path));
    }

    @Test
    public void stoppingTheOnlyAllowedProviderPausesTheStreamWithEveryBufferReleased() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        Bundle mmap = Arrays.stream(context.getBundles()).filter(b -> "org.v4j.mmap".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        CaptureStream stream = capture.start(CaptureRequest.of(path, MemoryType.MMAP), frame -> frame.plane(0));
        try {
            assertTrue("frames arrive", stream.awaitFrames(3, END));
            assertEquals(1, Gateway.fdsOn(path).size());
            assertFalse(Gateway.mappingsOf(path).isEmpty());
            mmap.stop(); // returns only after the stream released the provider's buffers
            assertEquals("every mapping is gone once the provider's bundle stopped", List.of(), Gateway.mappingsOf(path));
            long deadline = System.nanoTime() + END.toNanos();
            while (stream.stats().state() != StreamState.PAUSED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("only MMAP is allowed: the stream waits for it", StreamState.PAUSED, stream.stats().state());
            assertEquals("the device stays open while paused", 1, Gateway.fdsOn(path).size());
            long frames = stream.stats().frames();
            mmap.start();
            assertTrue("frames arrive again", stream.awaitFrames(frames + 3, END));
            assertEquals(1, stream.stats().swaps());
            assertEquals(0, stream.stats().lost());
        } finally {
            stream.close();
            mmap.start();
        }
        assertEquals(List.of(), Gateway.fdsOn(path));
        assertEquals(List.of(), Gateway.mappingsOf(path));
    }
}
