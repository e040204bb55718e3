package org.v4j.api.stream;

/** Where a capture stream is in its life. */
public enum StreamState {
    /** Frames are being captured and delivered. */
    STREAMING,
    /** Ended normally: frame limit reached or closed. Everything was released. */
    ENDED,
    /** Ended by an error (see {@link CaptureStream#failure()}). Everything was released. */
    FAILED
}
