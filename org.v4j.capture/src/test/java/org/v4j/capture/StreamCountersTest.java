package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/** The counters behind the summary line, on the host. */
class StreamCountersTest {
    private static final long MS = 1_000_000L;

    @Test
    void sequenceGapsAreDriverDropsAndUndeliveredFramesAreLost() {
        StreamCounters c = new StreamCounters(0);
        c.started(MemoryType.MMAP);
        int[] sequences = {10, 11, 14, 15, 15, 20};
        long now = 0;
        for (int s : sequences) {
            c.dequeued(s);
            c.delivered(now += 16 * MS);
        }
        c.dequeued(21); // dequeued, never delivered
        StreamStats stats = c.stats(StreamState.STREAMING);
        assertEquals(6, stats.frames());
        assertEquals(1, stats.lost());
        assertEquals(2 + 4, stats.dropped(), "a repeated or backwards sequence is no drop");
        assertEquals(Duration.ofMillis(96), stats.elapsed());
        assertEquals(List.of(MemoryType.MMAP), stats.memory());
    }

    @Test
    void aSwapStartsANewSequenceAndAddsToTheMemoryPath() {
        StreamCounters c = new StreamCounters(0);
        assertNull(c.lastMemory());
        c.started(MemoryType.MMAP);
        for (int i = 0; i < 5; i++) {
            c.dequeued(100 + i);
            c.delivered((i + 1) * 20 * MS);
        }
        assertEquals(20 * MS, c.periodNanos());
        c.swapped();
        c.started(MemoryType.DMABUF);
        assertEquals(0, c.periodNanos(), "no period before two frames in the new memory");
        c.dequeued(0); // the driver counts from 0 again: no drop across the swap
        c.delivered(150 * MS);
        assertEquals(2.5, c.swapGap(50 * MS, 20 * MS));
        c.swapped();
        c.started(MemoryType.MMAP);
        c.started(MemoryType.MMAP); // a restart in the same memory is not a new step
        StreamStats stats = c.stats(StreamState.STREAMING);
        assertEquals(0, stats.dropped());
        assertEquals(2, stats.swaps());
        assertEquals(List.of(MemoryType.MMAP, MemoryType.DMABUF, MemoryType.MMAP), stats.memory());
        assertEquals("MMAP>DMABUF>MMAP", stats.memoryPath());
        assertEquals(Duration.ofMillis(50), stats.lastSwapGap());
        assertEquals(2.5, stats.lastSwapGapPeriods());
        assertEquals(0, c.swapGap(50 * MS, 0), "no period known: no periods");
    }

    /** 160 swaps (what v4j:streams showed as 320 entries before): the first type and the latest ones stay. */
    @Test
    void theMemoryPathStaysShortHoweverManySwaps() {
        StreamCounters c = new StreamCounters(0);
        c.started(MemoryType.USERPTR);
        MemoryType[] cycle = {MemoryType.MMAP, MemoryType.DMABUF};
        for (int i = 0; i < 160; i++) {
            c.swapped();
            c.started(cycle[i % 2]);
        }
        StreamStats stats = c.stats(StreamState.STREAMING);
        assertEquals(160, stats.swaps());
        assertEquals(StreamCounters.PATH_LENGTH, stats.memory().size());
        assertEquals(MemoryType.USERPTR, stats.memory().getFirst());
        assertEquals(MemoryType.DMABUF, stats.memory().getLast(), "the current memory is last");
        assertEquals("USERPTR>DMABUF>MMAP>DMABUF>MMAP>DMABUF>MMAP>DMABUF", stats.memoryPath());
    }

    @Test
    void unsignedSequenceNumbersWrapWithoutANegativeGap() {
        StreamCounters c = new StreamCounters(0);
        c.started(MemoryType.USERPTR);
        c.dequeued(-2); // 0xfffffffe
        c.dequeued(-1);
        assertEquals(0, c.stats(StreamState.ENDED).dropped());
        assertEquals(StreamState.ENDED, c.stats(StreamState.ENDED).state());
    }
}
