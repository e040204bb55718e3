package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.v4j.capture.SessionFixture.PATIENCE;
import static org.v4j.capture.SessionFixture.await;
import static org.v4j.capture.SessionFixture.request;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.SwapEvent;

/** Swaps on the host, against a fake device: what triggers one, its order of calls, how it is reported, and fallback. */
class SwapSequencingTest {
    /** New for each test: the stream adds suppressed failures to it. */
    private final V4l2Exception noHeap =
            new V4l2Exception("no such file or directory", "/dev/dma_heap/system", "open", 2, "ENOENT", null);

    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void released() {
        f.close();
    }

    /** Waits until the stream streams with its {@code steps}-th memory type (the first is 1). */
    private void awaitMemorySteps(CaptureSession session, int steps) throws InterruptedException {
        await(() -> session.stats().memory().size() == steps && session.stats().state() == StreamState.STREAMING,
                "memory path of " + steps + " steps, streaming");
    }

    private static void assertSwap(MemoryType from, MemoryType to, String reason, SwapEvent swap) {
        assertEquals(from, swap.from(), swap.toString());
        assertEquals(to, swap.to(), swap.toString());
        assertEquals(reason, swap.reason());
        assertTrue(!swap.gap().isNegative() && !swap.gap().isZero(), swap.toString());
    }

    @Test
    void aPreferenceChangeSwapsAndTheFirstFrameInTheNewMemoryReportsIt() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CountingProvider dmabuf = f.register(MemoryType.DMABUF);
        CaptureSession session = f.start(request("mmap,dmabuf"));
        f.deliver(3);
        session.setMemory(MemoryPreference.parse("dmabuf,mmap"));
        awaitMemorySteps(session, 2);
        assertEquals(List.of(), f.listener.swaps, "reported with the first frame, not before");
        assertEquals(List.of("allocate MMAP 4", "streamon", "streamoff", "free", "allocate DMABUF 4", "streamon"),
                f.queue.calls);
        assertEquals(4, mmap.givenBack(), "the old memory given back before the new is used");
        assertEquals(4, dmabuf.outstanding());
        f.deliver(1);
        assertEquals(List.of("frame MMAP", "frame MMAP", "frame MMAP", "swap MMAP>DMABUF", "frame DMABUF"), f.listener.seen);
        assertSwap(MemoryType.MMAP, MemoryType.DMABUF, "the preference changed to dmabuf,mmap", f.listener.swaps.getFirst());
        assertEquals(1, session.stats().swaps());
        assertEquals("MMAP>DMABUF", session.stats().memoryPath());
        assertEquals(1, f.log.count("info stream 1 on /dev/video9: DMABUF memory, was MMAP (the preference changed to"
                + " dmabuf,mmap)"), f.log.lines.toString());
        assertEquals(1, f.log.count("info stream 1 on /dev/video9: swapped MMAP to DMABUF, gap "), f.log.lines.toString());
        assertEquals(Optional.of(CountingProvider.class.getName()), session.provider(), "outside a framework: the class");
        session.close();
        assertEquals(Optional.empty(), session.provider(), "no provider once closed");
    }

    @Test
    void aProviderThatGoesAwayIsLeftForTheNextAndWithNoneLeftTheStreamPausesUntilOneComesBack()
            throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CountingProvider userptr = f.register(MemoryType.USERPTR);
        CaptureSession session = f.start(request("auto"));
        f.deliver(1);

        f.providers.all.remove(mmap);
        session.reconsider("the MMAP memory provider went away");
        assertTrue(session.awaitNotUsing(mmap, PATIENCE));
        assertEquals(0, mmap.outstanding(), "the stream gave back everything of the provider it left");
        f.deliver(1);

        f.providers.all.remove(userptr);
        session.reconsider("the USERPTR memory provider went away");
        await(() -> session.stats().state() == StreamState.PAUSED, "paused");
        assertTrue(session.awaitNotUsing(userptr, PATIENCE));
        assertEquals(0, f.queue.size(), "paused: no buffers");
        assertEquals(0, userptr.outstanding());
        assertEquals(1, f.log.count("info stream 1 on /dev/video9 paused: no memory provider it may use (the USERPTR memory"
                + " provider went away; wanted auto, registered: [])"), f.log.lines.toString());

        f.register(mmap);
        session.providersChanged("a MMAP memory provider appeared");
        awaitMemorySteps(session, 3);
        f.deliver(1);
        assertEquals(List.of("frame MMAP", "swap MMAP>USERPTR", "frame USERPTR", "swap USERPTR>MMAP", "frame MMAP"),
                f.listener.seen);
        assertSwap(MemoryType.MMAP, MemoryType.USERPTR, "the MMAP memory provider went away", f.listener.swaps.get(0));
        assertSwap(MemoryType.USERPTR, MemoryType.MMAP, "a MMAP memory provider appeared", f.listener.swaps.get(1));
        assertEquals(2, session.stats().swaps(), "a pause is no swap; the resume is");
        assertEquals("MMAP>USERPTR>MMAP", session.stats().memoryPath());
    }

    @Test
    void aProviderWhoseSupplyFailsIsSkippedForTheNextAtStart() {
        CountingProvider dmabuf = f.register(new CountingProvider(MemoryType.DMABUF).failingWith(noHeap));
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("dmabuf,mmap"));
        assertEquals(List.of(MemoryType.MMAP), session.stats().memory());
        assertEquals(List.of("allocate DMABUF 4", "free", "allocate MMAP 4", "streamon"), f.queue.calls);
        assertEquals(0, dmabuf.supplied());
        assertEquals(4, mmap.supplied());
        assertEquals(1, f.log.count("warn stream 1 on /dev/video9: DMABUF memory failed, falling back to the next provider:"
                + " no such file or directory: /dev/dma_heap/system (open: ENOENT)"), f.log.lines.toString());
    }

    @Test
    void aSwapToAProviderThatFailsMovesToTheNextAndSkipsItUntilTheProvidersChange() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CountingProvider userptr = f.register(new CountingProvider(MemoryType.USERPTR).failingWith(noHeap));
        f.register(MemoryType.DMABUF);
        CaptureSession session = f.start(request("mmap,userptr,dmabuf"));
        f.providers.all.remove(mmap);
        session.reconsider("the MMAP memory provider went away");
        awaitMemorySteps(session, 2);
        assertEquals(List.of(MemoryType.MMAP, MemoryType.DMABUF), session.stats().memory());
        assertEquals(List.of("allocate MMAP 4", "streamon", "streamoff", "free", "allocate USERPTR 4", "free",
                "allocate DMABUF 4", "streamon"), f.queue.calls);
        session.reconsider("look again"); // USERPTR is preferred, but failed on this stream: no swap
        f.deliver(1);
        assertEquals(1, session.stats().swaps());
        assertEquals(1, f.queue.calls.stream().filter(c -> c.equals("allocate USERPTR 4")).count(), f.queue.calls.toString());
        userptr.failingWith(null);
        session.providersChanged("the USERPTR memory provider's properties changed");
        awaitMemorySteps(session, 3);
        assertEquals(List.of(MemoryType.MMAP, MemoryType.DMABUF, MemoryType.USERPTR), session.stats().memory());
    }

    @Test
    void whenEveryProviderFailsAtStartTheFirstFailureIsThrownWithTheOthersSuppressed() {
        V4l2Exception noMemory = new V4l2Exception("cannot allocate memory", FakeQueue.PATH, "mmap", 12, "ENOMEM", null);
        f.register(new CountingProvider(MemoryType.DMABUF).failingWith(noHeap));
        f.register(new CountingProvider(MemoryType.MMAP).failingWith(noMemory));
        RuntimeException e = assertThrows(RuntimeException.class, () -> f.start(request("dmabuf,mmap")));
        assertSame(noHeap, e, "the first failure, of the preferred provider");
        assertArrayEquals(new Throwable[] {noMemory}, e.getSuppressed());
        assertTrue(f.queue.isClosed());
        assertEquals(List.of("allocate DMABUF 4", "free", "allocate MMAP 4", "free", "free", "close"), f.queue.calls);
    }

    @Test
    void whenEveryProviderFailsOnASwapTheStreamFailsWithTheFirstFailure() throws InterruptedException {
        CountingProvider mmap = f.register(MemoryType.MMAP);
        CaptureSession session = f.start(request("mmap"));
        f.register(new CountingProvider(MemoryType.DMABUF).failingWith(noHeap));
        session.setMemory(MemoryPreference.only(MemoryType.DMABUF));
        assertEquals(StreamState.FAILED, session.awaitEnd(PATIENCE).state());
        assertSame(noHeap, session.failure().orElseThrow());
        assertEquals(4, mmap.givenBack());
    }

    @Test
    void aListenerThatThrowsOnTheSwapDoesNotStopIt() throws InterruptedException {
        f.register(MemoryType.MMAP);
        f.register(MemoryType.USERPTR);
        f.listener.throwOnSwap = true;
        CaptureSession session = f.start(request("mmap,userptr"));
        session.setMemory(MemoryPreference.parse("userptr,mmap"));
        awaitMemorySteps(session, 2);
        f.deliver(2);
        assertEquals(List.of("swap MMAP>USERPTR", "frame USERPTR", "frame USERPTR"), f.listener.seen);
        assertEquals(StreamState.STREAMING, session.stats().state());
        assertEquals(1, f.log.count("warn stream 1: frame listener failed on a swap"), f.log.lines.toString());
    }
}
