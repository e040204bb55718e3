package org.v4j.api.stream;

import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.v4j.api.Capability;
import org.v4j.api.EventType;
import org.v4j.api.Format;

/**
 * A running capture. It follows the memory providers: when the one in use goes away, a preferred
 * one appears or the preference changes, it swaps memory without losing a frame. Closing it
 * stops streaming and releases every buffer, mapping and fd.
 */
@ProviderType
public interface CaptureStream extends AutoCloseable {
    /** How long a stop or swap waits for frames the application retains before revoking them. */
    Duration HOLD_WAIT = Duration.ofSeconds(1);

    /** A number unique within the gateway's life. */
    int id();

    String device();

    Capability capability();

    /** The format being captured, as the driver set it. */
    Format format();

    StreamStats stats();

    /** The memory preference it follows. */
    MemoryPreference memory();

    /**
     * The memory provider in use, as an operator would look for it: its bundle's symbolic name and
     * version (outside a framework, its class); empty while no provider is in use (paused, ended).
     */
    Optional<String> provider();

    /**
     * Subscribes the stream's file handle to events of {@code type} (for control events, of
     * control {@code id}); they reach {@link FrameListener#onEvent} on the stream's thread.
     */
    void subscribe(EventType type, int id);

    /** Follows {@code preference} from now on: swaps memory if another type is now preferred. */
    void setMemory(MemoryPreference preference);

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
