package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.v4j.capture.SessionFixture.PATIENCE;
import static org.v4j.capture.SessionFixture.await;
import static org.v4j.capture.SessionFixture.request;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/** A stream's states on the host, against a fake device: how it starts, ends, fails and is removed. */
class StreamStateTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void released() {
        f.close();
    }

    @Test
    void streamsWithTheFirstProviderAndEndsAtTheFrameLimit() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        f.queue.fill(Long.MAX_VALUE);
        CaptureSession session = f.start(request("mmap").withFrameLimit(5).withBufferCount(3));
        StreamStats stats = session.awaitEnd(PATIENCE);
        assertEquals(StreamState.ENDED, stats.state());
        assertEquals(5, stats.frames(), "no frame past the limit");
        assertEquals(List.of(MemoryType.MMAP), stats.memory());
        assertTrue(session.failure().isEmpty());
        assertEquals(List.of("allocate MMAP 3", "streamon", "free", "close"), f.queue.calls);
        assertEquals(3, mmap.supplied(), "one plane per buffer");
        assertTrue(f.queue.viewOwner.getName().startsWith("v4j-capture-"), "views confined to the stream's thread: "
                + f.queue.viewOwner);
    }

    @Test
    void aStopWhileWaitingForAFrameEndsTheStreamAtOnce() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        assertEquals(StreamState.STREAMING, session.stats().state());
        await(() -> f.queue.queuedCount() == 4, "every buffer queued");
        long start = System.nanoTime();
        session.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 150, "a stop wakes the wait (200 ms) at once: " + millis + " ms");
        assertEquals(StreamState.ENDED, session.stats().state());
        assertEquals(0, session.stats().frames());
        assertTrue(session.failure().isEmpty());
    }

    @Test
    void theDeviceRemovedMidStreamEndsItRemoved() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        f.deliver(2);
        f.queue.remove();
        assertEquals(StreamState.REMOVED, session.awaitEnd(PATIENCE).state());
        V4l2Exception removed = assertInstanceOf(V4l2Exception.class, session.failure().orElseThrow());
        assertEquals("device removed: /dev/video9 (VIDIOC_DQBUF: ENODEV)", removed.getMessage());
        assertEquals("ENODEV", assertInstanceOf(V4l2Exception.class, removed.getCause()).errnoName());
        assertTrue(f.log.lines.contains("info stream 1 on /dev/video9: device removed (VIDIOC_DQBUF)"), f.log.lines.toString());
    }

    @Test
    void theDeviceRemovedWhilePausedEndsItRemoved() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        f.providers.all.clear();
        session.reconsider("the MMAP memory provider went away");
        await(() -> session.stats().state() == StreamState.PAUSED, "paused");
        f.queue.remove();
        assertEquals(StreamState.REMOVED, session.awaitEnd(PATIENCE).state());
        assertEquals("device removed: /dev/video9 (epoll_wait: ENODEV)", session.failure().orElseThrow().getMessage());
    }

    @Test
    void anotherDeviceErrorFailsTheStreamWithIt() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        f.deliver(1);
        V4l2Exception io = new V4l2Exception("input/output error", FakeQueue.PATH, "VIDIOC_DQBUF", 5, "EIO", null);
        f.queue.failNext(io);
        assertEquals(StreamState.FAILED, session.awaitEnd(PATIENCE).state());
        assertSame(io, session.failure().orElseThrow());
        assertEquals(1, f.log.count("warn stream 1 on /dev/video9 failed"), f.log.lines.toString());
    }

    @Test
    void aStopWithACauseFailsTheStreamWithIt() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        IllegalStateException cause = new IllegalStateException("the provider went away and the stream could not leave it");
        session.stop(cause);
        assertEquals(StreamState.FAILED, session.awaitEnd(PATIENCE).state());
        assertSame(cause, session.failure().orElseThrow());
    }

    @Test
    void aThrowingListenerDoesNotEndTheStream() throws InterruptedException {
        f.register(MemoryType.MMAP);
        f.listener.action = frame -> {
            throw new IllegalStateException("listener bug");
        };
        f.queue.fill(Long.MAX_VALUE);
        CaptureSession session = f.start(request("mmap").withFrameLimit(3));
        StreamStats stats = session.awaitEnd(PATIENCE);
        assertEquals(StreamState.ENDED, stats.state());
        assertEquals(3, stats.frames(), "every frame counts as delivered");
        assertEquals(0, stats.lost());
        assertTrue(session.failure().isEmpty());
        assertEquals(3, f.log.count("warn stream 1: frame listener failed"), f.log.lines.toString());
    }

    @Test
    void aMemoryTypeTheDeviceLacksFailsTheStartAndClosesTheDevice() {
        SessionFixture mmapOnly = new SessionFixture(EnumSet.of(MemoryType.MMAP));
        mmapOnly.register(MemoryType.USERPTR);
        V4l2Exception e = assertThrows(V4l2Exception.class, () -> mmapOnly.start(request("userptr,dmabuf")));
        assertEquals("USERPTR, DMABUF streaming not supported for VIDEO_CAPTURE (the driver supports [MMAP]):"
                + " /dev/video9 (VIDIOC_REQBUFS)", e.getMessage());
        assertTrue(mmapOnly.queue.isClosed());
        assertEquals(List.of("free", "close"), mmapOnly.queue.calls, "nothing allocated");
        mmapOnly.close();
    }

    @Test
    void noProviderWithinTheProviderWaitFailsTheStart() {
        V4l2Exception e = assertThrows(V4l2Exception.class, () -> f.start(request("dmabuf")));
        assertEquals("no memory provider to stream with: wanted dmabuf, the device supports [MMAP, USERPTR, DMABUF],"
                + " registered: []: /dev/video9 (VIDIOC_REQBUFS)", e.getMessage());
        assertTrue(f.queue.isClosed());
        assertFalse(f.queue.calls.stream().anyMatch(c -> c.startsWith("allocate")), f.queue.calls.toString());
    }
}
