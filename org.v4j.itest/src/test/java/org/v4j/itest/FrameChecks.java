package org.v4j.itest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.stream.FrameListener;

/**
 * Checks every frame as it arrives (on the stream thread) and records problems instead of
 * throwing there: bytesused per plane equals the format's sizeimage, sequence numbers increase
 * (gaps are frames the driver dropped because no buffer was queued in time, which a slow machine
 * causes: they are counted in {@link #dropped} for comparison with the stream's stats), timestamps increase, data is not all zero, views are read-only, and the previous frame's
 * view is revoked once its buffer was requeued.
 */
final class FrameChecks implements FrameListener {
    private static final MemorySegment ZEROS = Arena.global().allocate(16 << 20);

    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final long keepLast;
    private Format format;
    volatile int frames;
    volatile long dropped;
    volatile int revokedViews;
    volatile byte[] first;
    volatile byte[] last;
    private long lastSequence = -1;
    private long lastTimestamp = -1;
    private MemorySegment previousView;

    /** @param keepLast the number of the frame to copy into {@link #last} */
    FrameChecks(long keepLast) {
        this.keepLast = keepLast;
    }

    @Override
    public void onFrame(Frame frame) {
        int n = ++frames;
        if (format == null) {
            format = frame.format();
        }
        if (frame.planeCount() != format.planes().size()) {
            problems.add("frame " + n + ": " + frame.planeCount() + " planes, format has " + format.planes().size());
        }
        for (int p = 0; p < frame.planeCount(); p++) {
            if (frame.bytesUsed(p) != format.planes().get(p).sizeImage()) {
                problems.add("frame " + n + " plane " + p + ": bytesused " + frame.bytesUsed(p) + " != sizeimage "
                        + format.planes().get(p).sizeImage());
            }
            MemorySegment view = frame.plane(p);
            if (MemorySegment.mismatch(view, 0, view.byteSize(), ZEROS, 0, view.byteSize()) < 0) {
                problems.add("frame " + n + " plane " + p + ": all zero");
            }
        }
        long sequence = Integer.toUnsignedLong(frame.sequence());
        if (lastSequence >= 0 && sequence <= lastSequence) {
            problems.add("frame " + n + ": sequence " + sequence + " after " + lastSequence);
        } else if (lastSequence >= 0) {
            dropped += sequence - lastSequence - 1;
        }
        lastSequence = sequence;
        if (frame.timestampNanos() <= lastTimestamp) {
            problems.add("frame " + n + ": timestamp " + frame.timestampNanos() + " not after " + lastTimestamp);
        }
        lastTimestamp = frame.timestampNanos();
        MemorySegment view = frame.plane(0);
        try {
            view.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            problems.add("frame " + n + ": a capture plane was writable");
        } catch (UnsupportedOperationException | IllegalArgumentException readOnly) {
            // expected: capture planes are read-only
        }
        if (previousView != null) {
            try {
                previousView.get(ValueLayout.JAVA_BYTE, 0);
                problems.add("frame " + n + ": the previous frame's view was still readable after requeue");
            } catch (IllegalStateException revoked) {
                revokedViews++;
            }
        }
        previousView = view;
        if (n == 1) {
            first = view.toArray(ValueLayout.JAVA_BYTE);
        }
        if (n == keepLast) {
            last = view.toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
