package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.v4j.capture.SessionFixture.await;
import static org.v4j.capture.SessionFixture.request;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.v4j.api.Frame;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamState;

/**
 * Frames the application retains, on the host against a fake device: not requeued until
 * released, waited for (up to {@link CaptureStream#HOLD_WAIT}) and then revoked on a swap or a
 * stop, and every buffer and handle given back all the same.
 */
class BufferOwnershipTest {
    private static final long HOLD_WAIT_NANOS = CaptureStream.HOLD_WAIT.toNanos();

    private final SessionFixture f = new SessionFixture();
    /** The buffer index of every frame delivered, in order. */
    private final List<Integer> indexes = new CopyOnWriteArrayList<>();
    private final List<Frame> kept = new CopyOnWriteArrayList<>();

    @AfterEach
    void released() {
        f.close();
    }

    /** Starts a stream with {@code preference} whose listener retains the first {@code count} frames, and delivers them. */
    private CaptureSession startRetaining(String preference, int count) throws InterruptedException {
        f.listener.action = frame -> {
            indexes.add(frame.index());
            if (indexes.size() <= count) {
                kept.add(frame.retain());
            }
        };
        CaptureSession session = f.start(request(preference));
        f.deliver(count);
        return session;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void aRetainedFrameIsNotRequeuedUntilReleasedAndThenOnTheNextTurnOfTheLoop() throws InterruptedException {
        f.register(MemoryType.MMAP);
        startRetaining("mmap", 1);
        f.deliver(6);
        Frame held = kept.getFirst();
        assertEquals(List.of(0, 1, 2, 3, 1, 2, 3), indexes, "buffer 0 stays with the application");
        await(() -> f.queue.queuedCount() == 3, "the other three buffers queued");
        assertTrue(held.isHeld());
        assertFalse(held.isQueued());
        MemorySegment view = held.plane(0);
        view.get(ValueLayout.JAVA_BYTE, 0); // readable while retained

        long released = System.nanoTime();
        held.release();
        await(held::isQueued, "the released frame requeued");
        assertTrue(millisSince(released) < 150, "the release woke the loop's 200 ms wait: " + millisSince(released) + " ms");
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        f.deliver(4);
        assertEquals(List.of(0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 0), indexes, "buffer 0 back in turn");
    }

    @Test
    void aSwapWaitsTheHoldWaitForARetainedFrameThenRevokesIt() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        f.register(MemoryType.DMABUF);
        CaptureSession session = startRetaining("mmap,dmabuf", 1);
        Frame held = kept.getFirst();
        MemorySegment view = held.plane(0);

        session.setMemory(MemoryPreference.parse("dmabuf,mmap"));
        await(() -> session.stats().memory().size() == 2, "swapped");
        assertEquals(1, f.queue.heldAtFree(), "the retained frame was still held when the buffers were freed");
        assertTrue(f.queue.holdWaitNanos() >= HOLD_WAIT_NANOS, "freed " + f.queue.holdWaitNanos() / 1_000_000
                + " ms after STREAMOFF; the hold wait is " + CaptureStream.HOLD_WAIT.toMillis() + " ms");
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0), "the view is revoked");
        assertFalse(held.isHeld());
        assertEquals(FakeQueue.PATH + ": buffer 0 was taken back",
                assertThrows(IllegalStateException.class, held::retain).getMessage());
        held.release(); // late: harmless
        assertEquals(0, mmap.outstanding(), "the old memory given back all the same");
        assertEquals(1, f.log.count("info stream 1 on /dev/video9: revoking 1 frame(s) the application still retains after"
                + " 1000 ms"), f.log.lines.toString());
        f.deliver(1);
        assertTrue(f.listener.swaps.getFirst().gap().toNanos() >= HOLD_WAIT_NANOS, f.listener.swaps.toString());
    }

    @Test
    void aFrameReleasedDuringTheHoldWaitEndsItEarly() throws InterruptedException {
        f.register(MemoryType.MMAP);
        CaptureSession session = startRetaining("mmap", 1);
        Frame held = kept.getFirst();
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.release();
        });
        long stop = System.nanoTime();
        session.close();
        releaser.join();
        assertTrue(millisSince(stop) < 600, "the release woke the hold wait: " + millisSince(stop) + " ms");
        assertEquals(0, f.queue.heldAtFree());
        assertEquals(StreamState.ENDED, session.stats().state());
        assertEquals(0, f.log.count("revoking"), f.log.lines.toString());
    }

    @Test
    void aStopRevokesRetainedFramesAfterTheHoldWaitAndGivesEverythingBack() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CaptureSession session = startRetaining("mmap", 2);
        List<MemorySegment> views = kept.stream().map(frame -> frame.plane(0)).toList();
        long stop = System.nanoTime();
        session.close();
        assertTrue(System.nanoTime() - stop >= HOLD_WAIT_NANOS, "stopped after " + millisSince(stop) + " ms");
        assertEquals(2, f.queue.heldAtFree());
        for (MemorySegment view : views) {
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        }
        assertEquals(StreamState.ENDED, session.stats().state());
        assertTrue(session.failure().isEmpty(), "revoking is no failure");
        assertEquals(4, mmap.givenBack());
        assertEquals(1, f.log.count("revoking 2 frame(s)"), f.log.lines.toString());
    }
}
