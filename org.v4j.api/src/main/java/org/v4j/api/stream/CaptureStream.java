package org.v4j.api.stream;

import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.v4j.api.Capability;
import org.v4j.api.Format;

/** A running capture. Closing it stops streaming and releases every buffer, mapping and fd. */
@ProviderType
public interface CaptureStream extends AutoCloseable {
    /** A number unique within the gateway's life. */
    int id();

    String device();

    Capability capability();

    /** The format being captured, as the driver set it. */
    Format format();

    StreamStats stats();

    /** Waits until {@code frames} frames in total were delivered; false if the stream ended first or time ran out. */
    boolean awaitFrames(long frames, Duration timeout) throws InterruptedException;

    /** Waits for the stream to end (frame limit, close, or failure) and everything to be released. */
    StreamStats awaitEnd(Duration timeout) throws InterruptedException;

    /** Why the stream failed, if it did. */
    Optional<Throwable> failure();

    /** Stops the stream and waits until everything is released. Idempotent. */
    @Override
    void close();
}
