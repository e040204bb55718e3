package org.v4j.http;

import java.nio.charset.StandardCharsets;
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
     * The headers of a part that carries {@code picture}, up to and including the blank line.
     * {@code X-Timestamp} is the capture time on the wall clock, in seconds, as ustreamer sends it,
     * so that a client (a dashboard, {@code ./v4j bench --serve}) can tell how old the frame is.
     */
    static byte[] header(Picture picture) {
        return header(picture, wallClockSeconds(picture.timestampNanos(), System.currentTimeMillis(), System.nanoTime()));
    }

    static byte[] header(Picture picture, double captured) {
        return ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + picture.jpeg().length
                + "\r\nX-Sequence: " + picture.sequence() + "\r\nX-Timestamp: " + String.format(Locale.ROOT, "%.6f", captured)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A CLOCK_MONOTONIC time as wall-clock seconds, given both clocks read now. */
    static double wallClockSeconds(long monotonicNanos, long nowMillis, long nowNanos) {
        return nowMillis / 1e3 - (nowNanos - monotonicNanos) / 1e9;
    }

    /** What ends a part's body. */
    static final byte[] TRAILER = "\r\n".getBytes(StandardCharsets.US_ASCII);
}
