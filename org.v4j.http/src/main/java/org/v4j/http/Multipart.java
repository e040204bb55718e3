package org.v4j.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The framing of {@code /stream}: {@code multipart/x-mixed-replace}, one JPEG per part, what
 * browsers show as a live picture in an {@code <img>} and what ustreamer and mjpg-streamer send.
 */
final class Multipart {
    static final String BOUNDARY = "v4jframe";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;

    private Multipart() {}

    /**
     * A whole part, built once per picture and written to every client in one call: the headers,
     * the JPEG, the CR LF that ends it. {@code X-Timestamp} is the capture time ({@code
     * timestampNanos}, CLOCK_MONOTONIC) on the wall clock, in seconds, so that a client (a
     * dashboard, {@code ./v4j bench --serve}) can tell how old the frame is.
     */
    static byte[] part(byte[] jpeg, int sequence, long timestampNanos) {
        byte[] header = header(jpeg.length, sequence,
                wallClockSeconds(timestampNanos, System.currentTimeMillis(), System.nanoTime()));
        byte[] part = Arrays.copyOf(header, header.length + jpeg.length + TRAILER.length);
        System.arraycopy(jpeg, 0, part, header.length, jpeg.length);
        System.arraycopy(TRAILER, 0, part, header.length + jpeg.length, TRAILER.length);
        return part;
    }

    /** The headers of a part, up to and including the blank line. */
    static byte[] header(int length, int sequence, double captured) {
        return ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + length + "\r\nX-Sequence: "
                + sequence + "\r\nX-Timestamp: " + String.format(Locale.ROOT, "%.6f", captured) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A CLOCK_MONOTONIC time as wall-clock seconds, given both clocks read now. */
    static double wallClockSeconds(long monotonicNanos, long nowMillis, long nowNanos) {
        return nowMillis / 1e3 - (nowNanos - monotonicNanos) / 1e9;
    }

    /** What ends a part's body. */
    static final byte[] TRAILER = "\r\n".getBytes(StandardCharsets.US_ASCII);
}
