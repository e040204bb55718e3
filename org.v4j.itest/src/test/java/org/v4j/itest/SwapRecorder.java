package org.v4j.itest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.v4j.api.Frame;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.SwapEvent;

/**
 * Listens to a stream that swaps memory: records the swap events and checks every frame on the
 * stream thread (problems are collected, not thrown there): bytesused equals sizeimage, sequence
 * numbers only go up within one memory (the driver restarts them at STREAMON), the first frame
 * after a swap comes in the memory the event names. Gaps in the sequence are frames the driver
 * dropped (no buffer was queued in time, which a slow machine causes): they are counted, so a test
 * can check that the stream's {@code dropped} says the same. One sequence number in two different
 * buffers is vivid's, not ours: its thread waits from the jiffy before it filled a buffer, so a
 * fill that outlasts a jiffy (seen under emulation, right after STREAMON) wakes it early and it
 * fills the next buffer with the same count; that is counted in {@link #repeated}. The same buffer
 * twice, or a sequence going back, is a problem.
 */
final class SwapRecorder implements FrameListener {
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final List<SwapEvent> swaps = Collections.synchronizedList(new ArrayList<>());
    volatile long frames;
    volatile long dropped;
    volatile MemoryType memory;
    volatile long repeated;
    private long lastSequence = -1;
    private int lastIndex = -1;
    private MemoryType expected;

    @Override
    public void onSwap(SwapEvent swap) {
        swaps.add(swap);
        lastSequence = -1;
        lastIndex = -1;
        expected = swap.to();
    }

    @Override
    public void onFrame(Frame frame) {
        long n = frames + 1;
        MemoryType type = frame.memoryType();
        if (expected != null && type != expected) {
            problems.add("frame " + n + " in " + type + " memory after a swap to " + expected);
        }
        expected = null;
        memory = type;
        for (int p = 0; p < frame.planeCount(); p++) {
            long size = frame.format().planes().get(p).sizeImage();
            if (frame.bytesUsed(p) != size) {
                problems.add("frame " + n + " plane " + p + ": bytesused " + frame.bytesUsed(p) + " != sizeimage " + size);
            }
        }
        long sequence = Integer.toUnsignedLong(frame.sequence());
        if (lastSequence >= 0 && sequence == lastSequence && frame.index() != lastIndex) {
            repeated++;
        } else if (lastSequence >= 0 && sequence <= lastSequence) {
            problems.add("frame " + n + ": sequence " + sequence + " after " + lastSequence + " in " + type);
        } else if (lastSequence >= 0) {
            dropped += sequence - lastSequence - 1;
        }
        lastSequence = sequence;
        lastIndex = frame.index();
        frames = n;
    }
}
