package org.v4j.capture;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.osgi.service.log.Logger;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.SwapEvent;

/**
 * A swap that happened, reported with the first frame in the new memory: the gap from the last
 * frame before it, in milliseconds and in frame periods of the stream before it.
 *
 * @param from          the memory type before (null: none yet)
 * @param reason        why it swapped
 * @param lastFrameNanos when the last frame before the swap came
 * @param periodNanos   the frame period before the swap (0: unknown)
 */
record PendingSwap(MemoryType from, String reason, long lastFrameNanos, long periodNanos) {
    /** Reports the swap to {@code to} now that its first frame came at {@code now}: counted, logged, told to the listener. */
    void report(long now, MemoryType to, StreamCounters counters, FrameListener listener, Logger log, int id, String device) {
        long gap = now - lastFrameNanos;
        double periods = counters.swapGap(gap, periodNanos);
        SwapEvent event = new SwapEvent(from, to, Duration.ofNanos(gap), periods, reason);
        log.info("stream {} on {}: swapped {} to {}, gap {} ms = {} frame periods", id, device, event.from(), event.to(),
                TimeUnit.NANOSECONDS.toMillis(gap), String.format(Locale.ROOT, "%.1f", periods));
        try {
            listener.onSwap(event);
        } catch (RuntimeException e) {
            log.warn("stream {}: frame listener failed on a swap", id, e);
        }
    }
}
