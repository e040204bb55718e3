package org.v4j.api.stream;

import java.time.Duration;
import java.util.List;
import org.v4j.api.memory.MemoryType;

/**
 * Counters of one stream.
 *
 * @param frames         frames delivered to the listener
 * @param lost           frames v4j dequeued but never delivered (must stay 0)
 * @param dropped        frames the driver skipped: gaps in its sequence numbers
 * @param swaps          memory provider changes
 * @param memory         the memory types used, in order (the last is the current one): the first and the
 *                       latest, a few in all, however many swaps there were
 * @param elapsed        from the first STREAMON to the last delivered frame
 * @param lastSwapGap    from the last frame before the latest swap to the first after it (zero: no swap yet)
 * @param lastSwapGapPeriods {@code lastSwapGap} in frame periods of the stream before it
 * @param state          where the stream is
 */
public record StreamStats(long frames, long lost, long dropped, int swaps, List<MemoryType> memory, Duration elapsed,
        Duration lastSwapGap, double lastSwapGapPeriods, StreamState state) {
    public StreamStats {
        memory = List.copyOf(memory);
    }

    /** The memory types in order, joined by {@code >}, e.g. {@code MMAP>USERPTR}; {@code none} before any. */
    public String memoryPath() {
        return memory.isEmpty() ? "none" : String.join(">", memory.stream().map(MemoryType::name).toList());
    }
}
