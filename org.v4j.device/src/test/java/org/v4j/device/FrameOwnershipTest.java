package org.v4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffer ownership state machine on the host: who owns a buffer, holds, releases, and views revoked. */
class FrameOwnershipTest {
    private static final String BUFFER = "/dev/video0: buffer 2";

    private final Arena memory = Arena.ofConfined();
    private final MemorySegment mapping = memory.allocate(64);
    private final FrameOwnership buffer = new FrameOwnership(BUFFER);

    @AfterEach
    void freeMemory() {
        memory.close();
    }

    /** A view of the mapping in the ownership's scope, as DeviceFrame makes one. */
    private MemorySegment view(boolean capture) {
        return MemorySegment.ofAddress(mapping.address()).reinterpret(mapping.byteSize(), buffer.viewScope(capture, true, false),
                null);
    }

    private static void assertRefused(String why, Runnable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertEquals(BUFFER + why, e.getMessage());
    }

    @Test
    void aQueuedBufferGivesNoViewAndNoHold() {
        buffer.queued();
        assertTrue(buffer.isQueued());
        assertRefused(" is queued: the driver owns its memory", () -> view(true));
        assertRefused(" is queued: the driver owns it", buffer::retain);
        assertFalse(buffer.isHeld());
    }

    @Test
    void aViewDiesWhenTheBufferIsQueuedAgain() {
        buffer.queued();
        buffer.dequeued();
        MemorySegment view = view(true);
        view.set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
        assertEquals(7, view.get(ValueLayout.JAVA_BYTE, 0));
        assertSame(buffer.viewScope(true, true, false), buffer.viewScope(true, true, false), "one scope for every view until revoked");
        assertTrue(buffer.revoke());
        buffer.queued();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        assertFalse(buffer.revoke(), "nothing left to revoke");
        assertEquals(7, mapping.get(ValueLayout.JAVA_BYTE, 0), "the memory itself lives on");
    }

    @Test
    void aCaptureBufferWithoutDataGivesNoViewButAnOutputBufferDoes() {
        buffer.queued();
        buffer.returned(); // STREAMOFF: the user's again, without data
        assertFalse(buffer.isQueued());
        assertRefused(" holds no captured data", () -> view(true));
        view(false).set(ValueLayout.JAVA_BYTE, 1, (byte) 1); // output: the user fills it
        assertRefused(" holds no captured data", () -> buffer.viewScope(false, false, false));
        buffer.retain(); // the user owns it
        assertTrue(buffer.isHeld());
    }

    @Test
    void theLastReleaseIsTakenOnceByTheLoop() {
        buffer.dequeued();
        buffer.retain();
        buffer.retain();
        assertFalse(buffer.release(), "one hold left");
        assertTrue(buffer.isHeld());
        assertFalse(buffer.takeRelease());
        assertTrue(buffer.release(), "the last hold: the loop is woken");
        assertFalse(buffer.isHeld());
        assertTrue(buffer.takeRelease());
        assertFalse(buffer.takeRelease(), "taken already");
        assertFalse(buffer.release(), "a release without a hold does nothing");
        assertFalse(buffer.takeRelease());
    }

    @Test
    void queueingEndsEveryHoldAndAPendingReleaseIsNotRequeuedTwice() {
        buffer.dequeued();
        buffer.retain();
        buffer.release();
        buffer.queued(); // queued by someone else before the loop looked
        assertFalse(buffer.takeRelease(), "the driver owns it: nothing to requeue");
        buffer.dequeued();
        buffer.retain();
        buffer.queued();
        assertFalse(buffer.isHeld());
    }

    @Test
    void aRetiredBufferRevokesItsViewsAndRefusesNewOnes() {
        buffer.dequeued();
        MemorySegment view = view(true);
        buffer.retain();
        buffer.retire();
        assertTrue(buffer.revoke());
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        assertFalse(buffer.isHeld(), "retiring ends the application's holds");
        assertRefused(" was taken back: its buffers were freed (stream stopped or memory swapped)", () -> view(true));
        assertRefused(" was taken back", buffer::retain);
        assertFalse(buffer.release(), "the hold ended with the retirement");
        assertFalse(buffer.takeRelease());
    }

    /** What another thread sees or gets by running {@code call}: its result, or what it threw. */
    private static Object onAnotherThread(java.util.concurrent.Callable<?> call) throws Exception {
        try (var other = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "worker"))) {
            return other.submit(() -> {
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }).get();
        }
    }

    @Test
    void aConfinedViewIsTheOwnersAloneAndOnlyTheOwnerRevokesIt() throws Exception {
        buffer.dequeued();
        MemorySegment view = MemorySegment.ofAddress(mapping.address()).reinterpret(8, buffer.viewScope(true, true, true), null);
        view.set(ValueLayout.JAVA_BYTE, 0, (byte) 5);
        assertEquals(WrongThreadException.class, onAnotherThread(() -> view.get(ValueLayout.JAVA_BYTE, 0)).getClass());
        String owner = Thread.currentThread().getName();
        assertEquals(BUFFER + " has views confined to thread '" + owner + "': only that thread can queue or free it",
                onAnotherThread(buffer::revocationRefused));
        Object refused = onAnotherThread(buffer::revoke);
        assertEquals(IllegalStateException.class, refused.getClass());
        assertEquals(BUFFER + " has views confined to thread '" + owner + "': only that thread can queue or free it",
                ((Exception) refused).getMessage());
        Object foreign = onAnotherThread(() -> buffer.viewScope(true, true, true));
        assertEquals(BUFFER + ": its confined views belong to thread '" + owner + "'", ((Exception) foreign).getMessage());
        assertEquals(5, view.get(ValueLayout.JAVA_BYTE, 0), "a refused revocation leaves the view as it was");
        assertEquals(null, buffer.revocationRefused(), "the owner may revoke");
        assertTrue(buffer.revoke());
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(null, onAnotherThread(buffer::revocationRefused), "nothing confined is left");
    }

    @Test
    void oneRevocationEndsConfinedAndSharedViewsAlike() throws Exception {
        buffer.dequeued();
        MemorySegment confined = MemorySegment.ofAddress(mapping.address()).reinterpret(8, buffer.viewScope(true, true, true), null);
        MemorySegment shared = view(true);
        assertEquals((byte) 0, onAnotherThread(() -> shared.get(ValueLayout.JAVA_BYTE, 0)), "a shared view reads anywhere");
        assertTrue(buffer.revoke());
        assertThrows(IllegalStateException.class, () -> confined.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> shared.get(ValueLayout.JAVA_BYTE, 0));
        assertFalse(buffer.revoke());
    }
    @Test
    void aBufferBeingReadInWithPlaneCannotBeQueuedOrFreedByAnyone() throws Exception {
        buffer.queued();
        assertRefused(" is queued: the driver owns its memory", () -> buffer.beginAccess(true, true));
        buffer.dequeued();
        buffer.beginAccess(true, true);
        assertRefused(" is being read in withPlane: queue or free it after the call returns", buffer::revoke);
        String[] other = new String[1];
        Thread thread = new Thread(() -> other[0] = buffer.revocationRefused(), "closer");
        thread.start();
        thread.join();
        assertEquals(BUFFER + " is being read in withPlane on thread '" + Thread.currentThread().getName()
                + "': only after that call can it be queued or freed", other[0]);
        buffer.beginAccess(true, true); // nested: the buffer stays taken until the outer call ends
        assertFalse(buffer.endAccess());
        assertRefused(" is being read in withPlane: queue or free it after the call returns", buffer::revoke);
        assertFalse(buffer.endAccess(), "no release came meanwhile");
        assertEquals(null, buffer.revocationRefused());
        assertFalse(buffer.revoke(), "withPlane leaves no scope to revoke");
    }

    @Test
    void aReleaseDuringWithPlaneWaitsForTheCallToEnd() {
        buffer.queued();
        buffer.dequeued();
        buffer.retain();
        buffer.beginAccess(true, true);
        assertTrue(buffer.release());
        assertFalse(buffer.takeRelease(), "not requeued while it is being read");
        assertTrue(buffer.endAccess(), "the end of the call asks the loop to look again");
        assertTrue(buffer.takeRelease());
        assertFalse(buffer.takeRelease());
    }

    @Test
    void withPlaneNeedsCapturedDataAndMemory() {
        buffer.queued();
        buffer.returned();
        assertRefused(" holds no captured data", () -> buffer.beginAccess(true, true));
        buffer.beginAccess(false, true); // an output buffer is the user's to fill
        assertFalse(buffer.endAccess());
        buffer.retire();
        assertRefused(" was taken back: its buffers were freed (stream stopped or memory swapped)",
                () -> buffer.beginAccess(false, true));
    }
}
