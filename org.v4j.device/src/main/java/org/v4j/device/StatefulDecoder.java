package org.v4j.device;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.v4j.api.Event;
import org.v4j.api.EventChange;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.SelfBacked;

/**
 * The stateful decoder protocol of the kernel's codec interface (dev-decoder.rst) on a
 * memory-to-memory node: coded frames go to OUTPUT, one per buffer; the decoder reads the
 * stream's format from it and says so with V4L2_EVENT_SOURCE_CHANGE, after which CAPTURE is set
 * up for the format it reports (G_FMT, optionally S_FMT to another raw format with the same
 * subsampling), allocated and streamed. A resolution change mid-stream comes the same way: the
 * event, then the old format's frames up to an empty buffer flagged LAST, then CAPTURE is
 * reallocated. At the end of the input, V4L2_DEC_CMD_STOP drains it: every frame, then the LAST
 * buffer. One thread runs all of it through the node's one wait loop.
 */
public final class StatefulDecoder implements AutoCloseable {
    /** Receives each decoded frame with its format, on the decoding thread, while its buffer is dequeued. */
    @FunctionalInterface
    public interface Sink {
        void accept(DeviceFrame decoded, Format format);
    }

    /** What {@link #decode} did. */
    public record Result(int fed, int decoded, int errors, int sourceChanges, boolean eosEvent, Format format) {}

    private final Mem2Mem m2m;
    private final MemoryProvider<?> captureMemory;
    private final int captureCount;
    private final PixelFormat wanted;
    private Format format;

    private StatefulDecoder(Mem2Mem m2m, MemoryProvider<?> captureMemory, int captureCount, PixelFormat wanted) {
        this.m2m = m2m;
        this.captureMemory = captureMemory;
        this.captureCount = captureCount;
        this.wanted = wanted;
    }

    /**
     * Opens the decoder at {@code path} for {@code coded} frames of up to {@code width} x
     * {@code height} (0: the driver's default), with {@code outputCount} OUTPUT buffers of
     * self-backed memory (the frames are copied in); CAPTURE gets {@code captureCount} buffers from
     * {@code captureMemory} in {@code wanted} (null: the format the decoder reports).
     */
    public static StatefulDecoder open(String path, PixelFormat coded, int width, int height,
            MemoryProvider<? extends org.v4j.api.memory.PlaneHandle<? extends SelfBacked>> outputMemory, int outputCount,
            MemoryProvider<?> captureMemory, int captureCount, PixelFormat wanted) {
        Mem2Mem m2m = Mem2Mem.open(path);
        try {
            Format in = m2m.device().setFormat(m2m.output().type(), width, height, coded);
            if (!in.pixelFormat().equals(coded)) {
                throw new V4l2Exception("the decoder does not take " + coded + " (it chose " + in.describe() + ")",
                        path, "VIDIOC_S_FMT");
            }
            m2m.device().subscribe(EventType.SOURCE_CHANGE, 0, false);
            m2m.device().subscribe(EventType.EOS, 0, false);
            m2m.output().allocate(outputMemory, outputCount, null);
            return new StatefulDecoder(m2m, captureMemory, captureCount, wanted);
        } catch (RuntimeException e) {
            m2m.close();
            throw e;
        }
    }

    public Mem2Mem m2m() {
        return m2m;
    }

    /** The CAPTURE format the stream decodes to, once the decoder reported it; else null. */
    public Format format() {
        return format;
    }

    /**
     * Decodes {@code frames} (one coded frame each), drains the decoder and returns what came out;
     * {@code sink} gets every decoded frame. Fails when nothing moves for {@code stallMillis}, or
     * when the decoder cannot decode into the wanted format (it changes source or flags errors
     * over and over).
     */
    public Result decode(List<byte[]> frames, Sink sink, int stallMillis) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(m2m.device().path() + ": no whole frame to decode (a stream cut"
                    + " inside its first frame?)");
        }
        BufferQueue output = m2m.output(), capture = m2m.capture();
        int next = 0, decoded = 0, errors = 0, changes = 0;
        boolean eos = false, stopped = false, changePending = false;
        for (int i = 0; i < output.size() && next < frames.size(); i++) {
            fill(output, i, frames.get(next++), next - 1);
        }
        output.streamOn();
        long lastProgress = System.nanoTime();
        while (!(stopped && capture.isDrained() && !changePending)) {
            int n = m2m.await(100);
            boolean progress = false;
            for (int r = 0; r < n; r++) {
                BufferQueue ready = m2m.ready(r);
                if (ready.takeEventPending()) {
                    for (Event e; (e = m2m.device().dequeueEvent()) != null; ) {
                        progress = true;
                        eos |= e.type() == EventType.EOS;
                        if (e.type() == EventType.SOURCE_CHANGE && e.changes().contains(EventChange.RESOLUTION)) {
                            changePending = true;
                        }
                    }
                }
                if (!ready.isStreaming()) {
                    continue;
                }
                DeviceFrame frame = ready.dequeueReady();
                if (frame == null) {
                    continue;
                }
                progress = true;
                if (ready == output) {
                    if (next < frames.size()) {
                        fill(output, frame.index(), frames.get(next++), next - 1);
                    }
                } else {
                    if (frame.hasError()) {
                        errors++;
                    } else if (frame.bytesUsed(0) > 0) {
                        decoded++;
                        sink.accept(frame, format);
                    }
                    if (!frame.isLast()) {
                        capture.queue(frame.index());
                    }
                }
            }
            // a source change applies once CAPTURE gave its last buffer of the old format (or never streamed)
            if (changePending && (!capture.isStreaming() || capture.isDrained())) {
                if (++changes > frames.size() + 2) {
                    throw new V4l2Exception("the decoder keeps changing source (" + changes + " times for " + frames.size()
                            + " frames): it cannot decode this stream into " + format.describe(), m2m.device().path(),
                            "VIDIOC_DQEVENT");
                }
                setUpCapture();
                changePending = false;
                progress = true;
                stopped = false; // a drain asked for before the change ended with CAPTURE's STREAMOFF: ask again

            }
            if (errors > frames.size() + captureCount) {
                throw new V4l2Exception("the decoder flags every buffer as an error (" + errors + " buffers, "
                        + decoded + " frames decoded into " + format.describe() + ")", m2m.device().path(), "VIDIOC_DQBUF");
            }
            if (!stopped && next == frames.size() && capture.isStreaming()) {
                m2m.stop();
                stopped = true;
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallMillis * 1_000_000L) {
                throw new V4l2Exception("the decoder stalled: nothing moved for " + stallMillis + " ms after " + next + " of "
                        + frames.size() + " frames fed, " + decoded + " decoded" + (format == null
                                ? ", and it never reported the stream's format (V4L2_EVENT_SOURCE_CHANGE)" : ""),
                        m2m.device().path(), "epoll_wait");
            }
        }
        for (Event e; (e = m2m.device().dequeueEvent()) != null; ) {
            eos |= e.type() == EventType.EOS;
        }
        return new Result(next, decoded, errors, changes, eos, format);
    }

    /** Copies coded frame {@code n} into OUTPUT buffer {@code index} and queues it. */
    private static void fill(BufferQueue output, int index, byte[] frame, int n) {
        DeviceFrame buffer = output.frame(index);
        long room = output.format().planes().get(0).sizeImage();
        if (frame.length > room) {
            throw new IllegalArgumentException(output.device().path() + ": coded frame " + n + " has " + frame.length
                    + " bytes, more than an OUTPUT buffer holds (" + room + ", " + output.format().describe() + ")");
        }
        MemorySegment plane = buffer.plane(0);
        MemorySegment.copy(frame, 0, plane, ValueLayout.JAVA_BYTE, 0, frame.length);
        buffer.setBytesUsed(0, frame.length);
        output.queue(index);
    }

    /** Frees CAPTURE, reads the stream's format, sets the wanted one, allocates, queues and streams. */
    private void setUpCapture() {
        BufferQueue capture = m2m.capture();
        if (capture.memoryType() != null) {
            capture.free();
        }
        Format reported = m2m.device().format(capture.type());
        format = wanted == null || wanted.equals(reported.pixelFormat()) ? reported
                : m2m.device().setFormat(capture.type(), reported.width(), reported.height(), wanted);
        if (wanted != null && !format.pixelFormat().equals(wanted)) {
            throw new V4l2Exception("the decoder does not decode " + reported.describe() + " into " + wanted
                    + " (it chose " + format.describe() + ")", m2m.device().path(), "VIDIOC_S_FMT");
        }
        capture.allocate(captureMemory, captureCount, null);
        for (int i = 0; i < capture.size(); i++) {
            capture.queue(i);
        }
        capture.streamOn();
    }

    /** Closes the decoder node, which frees both queues' buffers. Idempotent. */
    @Override
    public void close() {
        m2m.close();
    }
}
