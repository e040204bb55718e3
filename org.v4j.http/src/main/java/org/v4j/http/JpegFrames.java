package org.v4j.http;

import java.io.ByteArrayOutputStream;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;

/**
 * What a camera's MJPEG frame needs before a browser shows it: UVC cameras leave the Huffman
 * tables (DHT) out of their frames, as the UVC MJPEG payload format allows, expecting the
 * standard tables of JPEG Annex K; those (the JDK's {@link JPEGHuffmanTable} constants) are put in
 * before the start of scan. A frame that does not start with SOI or does not end with EOI (the
 * driver's bytesused short of the whole picture, padding after EOI aside) is truncated: refused.
 */
final class JpegFrames {
    private static final int SOI = 0xD8, EOI = 0xD9, SOS = 0xDA, DHT = 0xC4;
    private static final byte[] STANDARD_DHT = standardDht();

    private JpegFrames() {}

    /** A frame that cannot be sent as it is and was skipped. */
    static final class TruncatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TruncatedException(String message) {
            super(message);
        }
    }

    /**
     * The JPEG to send: {@code frame} itself when it is complete and has its tables, a copy with
     * the standard DHT inserted before the first SOS when it has none.
     *
     * @throws TruncatedException when SOI or EOI is missing
     */
    static byte[] complete(byte[] frame) {
        int end = frame.length;
        while (end > 2 && frame[end - 1] == 0) { // some drivers pad after EOI
            end--;
        }
        if (end < 4 || u8(frame, 0) != 0xFF || u8(frame, 1) != SOI) {
            throw new TruncatedException("no SOI at the start of a " + frame.length + "-byte frame");
        }
        if (u8(frame, end - 2) != 0xFF || u8(frame, end - 1) != EOI) {
            throw new TruncatedException("no EOI at the end of a " + frame.length + "-byte frame (cut short)");
        }
        int sos = -1;
        boolean hasDht = false;
        int i = 2;
        while (i + 4 <= end) {
            if (u8(frame, i) != 0xFF) {
                throw new TruncatedException("no marker at byte " + i + " of a " + frame.length + "-byte frame");
            }
            int marker = u8(frame, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == SOS) {
                sos = i;
                break;
            }
            if (marker == DHT) {
                hasDht = true;
            }
            i += 2 + (u8(frame, i + 2) << 8 | u8(frame, i + 3));
        }
        if (sos < 0) {
            throw new TruncatedException("no start of scan in a " + frame.length + "-byte frame");
        }
        if (hasDht && end == frame.length) {
            return frame;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end + STANDARD_DHT.length);
        out.write(frame, 0, sos);
        if (!hasDht) {
            out.write(STANDARD_DHT, 0, STANDARD_DHT.length);
        }
        out.write(frame, sos, end - sos);
        return out.toByteArray();
    }

    /** One DHT segment with the four tables of Annex K (DC and AC, luminance and chrominance). */
    private static byte[] standardDht() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        table(body, 0x00, JPEGHuffmanTable.StdDCLuminance);
        table(body, 0x10, JPEGHuffmanTable.StdACLuminance);
        table(body, 0x01, JPEGHuffmanTable.StdDCChrominance);
        table(body, 0x11, JPEGHuffmanTable.StdACChrominance);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.write(0xFF);
        segment.write(DHT);
        segment.write((b.length + 2) >> 8);
        segment.write((b.length + 2) & 0xFF);
        segment.write(b, 0, b.length);
        return segment.toByteArray();
    }

    private static void table(ByteArrayOutputStream out, int classAndId, JPEGHuffmanTable table) {
        out.write(classAndId);
        for (short length : table.getLengths()) {
            out.write(length);
        }
        for (short value : table.getValues()) {
            out.write(value);
        }
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
