package org.v4j.device;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of vicodec's FWHT bitstream: each frame is a 44-byte big-endian header (magic
 * 0x4f4f4f4f 0xffffffff, version, width, height, flags, colorspace, xfer_func, ycbcr_enc,
 * quantization, payload size) and its payload, which is what the encoder writes per CAPTURE
 * buffer. Splitting a stream into frames lets a decoder get one frame per OUTPUT buffer, which
 * keeps OUTPUT and CAPTURE buffers (and their timestamps) 1:1.
 */
public final class FwhtFrames {
    public static final int HEADER = 44;
    private static final int MAGIC1 = 0x4f4f4f4f, MAGIC2 = 0xffffffff;
    /** {@code V4L2_FWHT_FL_I_FRAME}: the frame decodes on its own. */
    public static final int FL_I_FRAME = 1 << 10;

    /** One frame's header fields. */
    public record Header(int version, int width, int height, int flags, int size) {
        public boolean isIntra() {
            return (flags & FL_I_FRAME) != 0;
        }
    }

    private FwhtFrames() {}

    /** The header at {@code offset}, or an {@link IllegalArgumentException} naming what is wrong there. */
    public static Header header(byte[] stream, int offset, String name) {
        if (stream.length - offset < HEADER) {
            throw new IllegalArgumentException(name + ": cut short: " + (stream.length - offset)
                    + " bytes at offset " + offset + ", less than a " + HEADER + "-byte FWHT frame header");
        }
        ByteBuffer b = ByteBuffer.wrap(stream, offset, HEADER); // big-endian
        if (b.getInt() != MAGIC1 || b.getInt() != MAGIC2) {
            throw new IllegalArgumentException(name + ": not an FWHT frame at offset " + offset
                    + " (no 4f4f4f4f ffffffff magic)");
        }
        int version = b.getInt(), width = b.getInt(), height = b.getInt(), flags = b.getInt();
        b.position(b.position() + 16);
        return new Header(version, width, height, flags, b.getInt());
    }

    /** The whole frames of a stream, and what is wrong with its end (null: nothing). */
    public record Split(List<byte[]> frames, String cut) {}

    /**
     * The frames of {@code stream} (header included), in order. A last frame cut short is left
     * out and described in {@link Split#cut()} (frame number, size, what is left).
     *
     * @throws IllegalArgumentException when the stream does not start with an FWHT frame
     */
    public static Split split(byte[] stream, String name) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            Header h;
            try {
                h = header(stream, at, name);
            } catch (IllegalArgumentException e) {
                if (frames.isEmpty()) {
                    throw e;
                }
                return new Split(frames, e.getMessage());
            }
            long end = (long) at + HEADER + Integer.toUnsignedLong(h.size());
            if (end > stream.length) {
                return new Split(frames, name + ": cut short in frame " + frames.size() + ": it needs "
                        + (HEADER + Integer.toUnsignedLong(h.size())) + " bytes, " + (stream.length - at) + " are left");
            }
            frames.add(java.util.Arrays.copyOfRange(stream, at, (int) end));
            at = (int) end;
        }
        return new Split(frames, null);
    }
}
