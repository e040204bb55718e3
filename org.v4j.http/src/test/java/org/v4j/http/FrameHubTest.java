package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub on the stream's thread: encodes only for someone, off that thread, and never waits for a client. */
class FrameHubTest {
    private final FrameHub hub = new FrameHub(new ImageIoJpeg(), 80, 0, "/dev/test");

    @AfterEach
    void close() {
        hub.close();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void nobodyWatchingNothingIsEncodedOrRetained() {
        TestFrame frame = TestFrame.yuyv(64, 32, 81, 90, 240);
        for (int i = 0; i < 20; i++) {
            frame.timestamp += 33_000_000;
            hub.onFrame(frame);
        }
        assertEquals(0, frame.retains.get());
        assertEquals(0, hub.encoded());
        assertEquals(20, hub.frames(org.v4j.api.memory.MemoryType.MMAP));
        assertEquals(20L * 64 * 32 * 2, hub.capturedBytes());
        assertEquals(30.3, hub.fps(), 0.1);
    }

    @Test
    void aSnapshotIsEncodedOnTheWorkerFromTheRetainedFrameWhichIsReleased() throws Exception {
        TestFrame frame = TestFrame.yuyv(64, 32, 81, 90, 240);
        frame.sequence = 42;
        var next = hub.nextJpeg();
        hub.onFrame(frame);
        Picture picture = next.get(10, TimeUnit.SECONDS);
        assertEquals(42, picture.sequence());
        assertEquals(64, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(picture.jpeg())).getWidth());
        assertNotNull(frame.viewedOn);
        assertNotSame(Thread.currentThread(), frame.viewedOn, "planes read on the stream's thread");
        awaitTrue(() -> frame.releases.get() == 1, "the frame released");
        assertEquals(1, frame.retains.get());
        assertEquals(0, frame.holds.get());
        assertEquals(1, hub.encoded());
    }

    /** Capture never waits for the idle client: if onFrame blocked on its mailbox, the loop would hang (the timeout). */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aClientThatDoesNotReadLosesFramesOfItsOwnAndCaptureNeverWaits() throws Exception {
        Viewer slow = hub.join();
        Viewer fast = hub.join();
        TestFrame frame = TestFrame.yuyv(64, 32, 41, 240, 110);
        int encodedBefore;
        int taken = 0;
        for (int i = 0; i < 30; i++) {
            frame.sequence = i;
            frame.timestamp += 33_000_000;
            hub.onFrame(frame);
            encodedBefore = (int) hub.encoded();
            int target = encodedBefore;
            // let the encoder finish this frame before the next one comes, as a camera's period would
            awaitTrue(() -> frame.holds.get() == 0 && hub.encoded() >= target, "encoder idle");
            awaitTrue(() -> !isBusy(), "encoder idle");
            if (fast.take(1000) != null) {
                taken++;
            }
        }
        assertEquals(30, taken, "the reading client got every frame");
        assertEquals(30, hub.encoded());
        assertEquals(29, slow.dropped(), "the idle client keeps only the newest picture");
        assertEquals(0, fast.dropped());
        Picture newest = slow.take(0);
        assertEquals(29, newest.sequence());
        assertEquals(29, hub.clientDropped());
        hub.leave(slow);
        assertEquals(29, hub.clientDropped(), "a client's drops are kept after it leaves");
        assertEquals(1, hub.viewerCount());
    }

    private boolean isBusy() {
        try {
            var f = FrameHub.class.getDeclaredField("busy");
            f.setAccessible(true);
            return ((java.util.concurrent.atomic.AtomicBoolean) f.get(hub)).get();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClientJoiningOthersGetsTheNewestPictureAtOnceButNeverAStaleOne() throws Exception {
        Viewer first = hub.join();
        TestFrame frame = TestFrame.yuyv(64, 32, 41, 240, 110);
        for (int i = 0; i < 3; i++) {
            frame.sequence = i;
            frame.timestamp += 33_000_000;
            hub.onFrame(frame);
            awaitTrue(() -> frame.holds.get() == 0 && !isBusy(), "encoder idle");
        }
        assertEquals(2, first.take(1000).sequence());
        Viewer second = hub.join();
        Picture at = second.take(0);
        assertNotNull(at, "the newest picture, without waiting");
        assertEquals(2, at.sequence());
        hub.leave(first);
        hub.leave(second);
        for (int i = 3; i < 6; i++) { // nobody watching: frames come, nothing is encoded
            frame.sequence = i;
            frame.timestamp += 33_000_000;
            hub.onFrame(frame);
        }
        assertEquals(3, hub.encoded(), "nothing encoded with nobody watching");
        try (FrameHub fresh = new FrameHub(new ImageIoJpeg(), 80, 0, "/dev/none")) {
            assertEquals(null, fresh.join().take(0), "no picture yet at all");
        }
        Viewer late = hub.join();
        assertEquals(null, late.take(0), "picture 2 is three frames old: the late client waits for the next one");
    }

    @Test
    void framesThatComeWhileTheEncoderIsBusyAreSkippedAndCounted() throws Exception {
        hub.join();
        TestFrame big = JpegFromYuvTest.noise(1280, 720);
        for (int i = 0; i < 50; i++) {
            big.timestamp += 1_000_000;
            hub.onFrame(big);
        }
        awaitTrue(() -> big.holds.get() == 0 && !isBusy(), "encoder idle");
        assertTrue(hub.skipped() > 0, "skipped " + hub.skipped());
        assertEquals(50, hub.skipped() + hub.encoded());
        assertEquals(hub.encoded(), big.releases.get());
    }

    @Test
    void theFpsCapSkipsFramesThatComeTooSoon() throws Exception {
        hub.configure(80, 10);
        var first = hub.nextJpeg();
        TestFrame frame = TestFrame.yuyv(32, 16, 81, 90, 240);
        hub.onFrame(frame);
        first.get(10, TimeUnit.SECONDS);
        awaitTrue(() -> !isBusy(), "encoder idle");
        var second = hub.nextJpeg();
        frame.timestamp += 50_000_000; // 20 fps: too soon for a 10 fps cap
        hub.onFrame(frame);
        assertEquals(1, hub.skipped());
        frame.timestamp += 60_000_000;
        hub.onFrame(frame);
        second.get(10, TimeUnit.SECONDS);
        assertEquals(2, hub.encoded());
    }

    @Test
    void closingEndsClientsAndWaitingSnapshots() throws Exception {
        Viewer v = hub.join();
        var snapshot = hub.nextJpeg();
        hub.close();
        assertEquals(null, v.take(5000));
        assertTrue(v.isClosed());
        assertTrue(snapshot.isCompletedExceptionally());
    }
}
