package org.v4j.capture;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.v4j.api.Frame;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.SwapEvent;

/**
 * The listener of a host test's stream: what it was told, in order ({@code frame MMAP},
 * {@code swap MMAP>DMABUF}), the swaps themselves, and what to do with each frame.
 */
final class Recorder implements FrameListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<SwapEvent> swaps = new CopyOnWriteArrayList<>();
    /** Runs on every frame, on the stream's thread. */
    volatile Consumer<Frame> action = frame -> {};
    volatile boolean throwOnSwap;

    @Override
    public void onFrame(Frame frame) {
        seen.add("frame " + ((FakeFrame) frame).memory());
        action.accept(frame);
    }

    @Override
    public void onSwap(SwapEvent swap) {
        swaps.add(swap);
        seen.add("swap " + swap.from() + ">" + swap.to());
        if (throwOnSwap) {
            throw new IllegalStateException("listener fails on a swap");
        }
    }
}
