package org.v4j.http;

/**
 * One encoded frame, shared by every client that is sent it.
 *
 * @param jpeg            the JPEG file
 * @param sequence        the driver's frame counter
 * @param timestampNanos  the capture time, CLOCK_MONOTONIC (as {@link System#nanoTime()} on Linux)
 * @param encodeNanos     how long reading the planes and compressing took
 * @param part            the JPEG framed as a {@code /stream} part ({@link Multipart#part})
 */
record Picture(byte[] jpeg, int sequence, long timestampNanos, long encodeNanos, byte[] part) {
    /** The picture with its part framed now. */
    static Picture of(byte[] jpeg, int sequence, long timestampNanos, long encodeNanos) {
        return new Picture(jpeg, sequence, timestampNanos, encodeNanos, Multipart.part(jpeg, sequence, timestampNanos));
    }
}
