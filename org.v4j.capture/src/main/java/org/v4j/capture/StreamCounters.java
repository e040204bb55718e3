package org.v4j.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.StreamState;
import org.v4j.api.stream.StreamStats;

/**
 * The counters of one stream, written by its thread and read by any: frames delivered, frames
 * dequeued (lost = dequeued - delivered), driver drops (gaps in sequence numbers), swaps, the
 * memory types used in order, and the frame period of the current memory, which a swap's gap is
 * measured in. Updating allocates nothing.
 */
final class StreamCounters {
    private final long startNanos;
    private volatile long frames;
    private volatile long dequeued;
    private volatile long dropped;
    private volatile int swaps;
    private volatile long lastSwapGapNanos;
    private volatile double lastSwapGapPeriods;
    private volatile long lastFrameNanos;
    /** The most memory types {@link StreamStats#memory} holds. */
    static final int PATH_LENGTH = 8;
    private volatile List<MemoryType> memoryPath = List.of();
    private long lastSequence = -1;
    /** Frames delivered since the current memory started, and when the first of them came: the frame period. */
    private long segmentFrames;
    private long segmentStartNanos;
    /** When the current wait for frames began: a stall is measured from here or the last frame. */
    private long waitStartNanos;

    StreamCounters(long startNanos) {
        this.startNanos = startNanos;
        this.lastFrameNanos = startNanos;
        this.waitStartNanos = startNanos;
    }

    /** A wait for frames begins (streaming started, or the driver owns no buffer to fill). */
    void waitStarted(long now) {
        waitStartNanos = now;
    }

    /** How long no frame came, as of {@code now}, since the last frame or the start of the wait. */
    long waitingNanos(long now) {
        return now - Math.max(lastFrameNanos, waitStartNanos);
    }

    /**
     * A buffer was dequeued with {@code sequence}; counts the gap since the last one. Branch-free
     * ({@code gap & ~(gap >> 63)} is {@code max(gap, 0)}): a rarely taken branch would deoptimize
     * the loop when the first drop comes, and deoptimization allocates.
     */
    void dequeued(int sequence) {
        dequeued++;
        long seq = Integer.toUnsignedLong(sequence);
        if (lastSequence >= 0) {
            long gap = seq - lastSequence - 1;
            dropped += gap & ~(gap >> 63);
        }
        lastSequence = seq;
    }

    /** A frame was delivered at {@code now}. */
    void delivered(long now) {
        if (segmentFrames++ == 0) {
            segmentStartNanos = now;
        }
        frames++;
        lastFrameNanos = now;
    }

    /**
     * Streaming (re)started with {@code type}: a new segment, and the type added to the path if it
     * changed. The path keeps the first type and the latest ones, {@link #PATH_LENGTH} in all, so
     * that a stream swapping for months does not grow it ({@code swaps} counts every swap).
     */
    void started(MemoryType type) {
        if (!type.equals(lastMemory())) {
            List<MemoryType> path = new ArrayList<>(memoryPath);
            path.add(type);
            if (path.size() > PATH_LENGTH) {
                path.remove(1);
            }
            memoryPath = List.copyOf(path);
        }
        lastSequence = -1;
        segmentFrames = 0;
    }

    /** A swap began. */
    void swapped() {
        swaps++;
    }

    /** The first frame after a swap came {@code gapNanos} after the last one before it; returns the gap in frame periods. */
    double swapGap(long gapNanos, long periodNanos) {
        double periods = periodNanos > 0 ? (double) gapNanos / periodNanos : 0;
        lastSwapGapNanos = gapNanos;
        lastSwapGapPeriods = periods;
        return periods;
    }

    /** The frame period of the current memory, 0 before two frames. */
    long periodNanos() {
        return segmentFrames >= 2 ? (lastFrameNanos - segmentStartNanos) / (segmentFrames - 1) : 0;
    }

    /** The memory type used last, or null before any. */
    MemoryType lastMemory() {
        List<MemoryType> path = memoryPath;
        return path.isEmpty() ? null : path.getLast();
    }

    long frames() {
        return frames;
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    StreamStats stats(StreamState state) {
        long delivered = frames;
        return new StreamStats(delivered, dequeued - delivered, dropped, swaps, memoryPath,
                Duration.ofNanos(lastFrameNanos - startNanos), Duration.ofNanos(lastSwapGapNanos), lastSwapGapPeriods,
                state);
    }
}
