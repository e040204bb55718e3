package org.v4j.api.stream;

/** Where a capture stream is in its life. */
public enum StreamState {
    /** Frames are being captured and delivered. */
    STREAMING,
    /**
     * No memory provider it may use is registered: the device stays open and configured, its
     * buffers are freed, and streaming resumes when a provider appears.
     */
    PAUSED,
    /** Ended normally: frame limit reached or closed. Everything was released. */
    ENDED,
    /** Ended by an error (see {@link CaptureStream#failure()}). Everything was released. */
    FAILED,
    /** Ended because the device went away (ENODEV): unplugged or its driver unbound. Everything was released. */
    REMOVED;

    /** Whether the stream is over (and everything released). */
    public boolean isEnded() {
        return this == ENDED || this == FAILED || this == REMOVED;
    }
}
