package org.v4j.api.stream;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.Frame;

/**
 * Receives each captured frame on the stream's thread. The frame's plane views are valid during
 * the call; the buffer is requeued when it returns, unless the listener
 * {@link Frame#retain() retains} it and {@link Frame#release() releases} it later. A retained
 * frame is taken back when the stream stops or swaps its memory, after a bounded wait
 * ({@link CaptureStream#HOLD_WAIT}); its views throw from then on. Views taken in the call of a
 * frame not retained are confined to the stream's thread: to read on a worker, retain the frame
 * first and take the views on the worker ({@link Frame#plane}).
 */
@ConsumerType
@FunctionalInterface
public interface FrameListener {
    void onFrame(Frame frame);

    /** The stream moved to other memory; called before the first frame in it. */
    default void onSwap(SwapEvent swap) {}

    /** An event the stream subscribed to ({@link CaptureStream#subscribe}), from the same wait as frames. */
    default void onEvent(org.v4j.api.Event event) {}
}
