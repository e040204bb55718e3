package org.v4j.http;

/**
 * One encoded frame, shared by every client that is sent it.
 *
 * @param jpeg            the JPEG file
 * @param sequence        the driver's frame counter
 * @param timestampNanos  the capture time, CLOCK_MONOTONIC (as {@link System#nanoTime()} on Linux)
 * @param encodeNanos     how long reading the planes and compressing took
 */
record Picture(byte[] jpeg, int sequence, long timestampNanos, long encodeNanos) {}
