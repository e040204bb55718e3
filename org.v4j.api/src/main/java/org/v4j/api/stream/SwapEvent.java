package org.v4j.api.stream;

import java.time.Duration;
import org.v4j.api.memory.MemoryType;

/**
 * A stream changed its memory provider, and frames flow again: delivered to
 * {@link FrameListener#onSwap} just before the first frame in the new memory.
 *
 * @param from        the memory type before
 * @param to          the memory type now
 * @param gap         from the last frame before the swap to the first one after it
 * @param gapPeriods  {@code gap} in frame periods of the stream before the swap (0 if unknown)
 * @param reason      why: the provider went away, a preferred one appeared, the preference changed
 */
public record SwapEvent(MemoryType from, MemoryType to, Duration gap, double gapPeriods, String reason) {}
