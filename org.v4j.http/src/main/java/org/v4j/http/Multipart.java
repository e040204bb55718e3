package org.v4j.http;

import java.nio.charset.StandardCharsets;

/**
 * The framing of {@code /stream}: {@code multipart/x-mixed-replace}, one JPEG per part, what
 * browsers show as a live picture in an {@code <img>} and what ustreamer and mjpg-streamer send.
 */
final class Multipart {
    static final String BOUNDARY = "v4jframe";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;

    private Multipart() {}

    /** The headers of a part that carries {@code picture}, up to and including the blank line. */
    static byte[] header(Picture picture) {
        return ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + picture.jpeg().length
                + "\r\nX-Sequence: " + picture.sequence() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** What ends a part's body. */
    static final byte[] TRAILER = "\r\n".getBytes(StandardCharsets.US_ASCII);
}
