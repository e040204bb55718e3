package org.v4j.api;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;
import org.v4j.api.memory.MemoryType;

/**
 * One buffer of a queue as the user sees it: for capture, what DQBUF returned (sequence number,
 * timestamp, bytes used per plane, read-only views of the payload); for output, writable views to
 * fill and the bytes used to send.
 *
 * <p>A view is valid only while the user owns the buffer: queueing it, stopping the stream or
 * freeing the buffers revokes every view, and any access after that throws
 * {@link IllegalStateException}; it never reaches memory the driver owns again. The frame object
 * is reused for the same buffer index, so the streaming path allocates nothing.
 *
 * <p>A consumer that needs a frame after its listener returns {@link #retain() retains} it and
 * {@link #release() releases} it later, from any thread. Freeing the buffers (stream stopped,
 * memory provider swapped) retires every frame: its views are revoked, and it gives no new ones.
 */
@ProviderType
public interface Frame {
    /** The buffer index in its queue. */
    int index();

    /** The format the buffer was allocated for. */
    Format format();

    int planeCount();

    /** The driver's frame counter; a gap means the driver dropped frames. */
    int sequence();

    /** The capture time in nanoseconds, on CLOCK_MONOTONIC for drivers that set that flag (most). */
    long timestampNanos();

    /** Whether the driver flagged the data as possibly corrupted. */
    boolean hasError();

    /** Bytes of plane {@code plane} in use, including its data offset: filled by the driver (capture) or to send (output). */
    int bytesUsed(int plane);

    /** For output buffers: how many bytes of {@code plane} to send with the next QBUF. */
    void setBytesUsed(int plane, int bytes);

    /**
     * The memory type of the buffer. Its handles and their raw mappings are not reachable from a
     * frame: {@link #plane} is the only way to the memory, and only while the user owns the buffer.
     */
    MemoryType memoryType();

    /** Whether the driver owns this buffer now. */
    boolean isQueued();

    /**
     * A view of plane {@code plane}: for capture, the read-only payload the driver filled; for
     * output, the writable plane (its format size). Valid until the buffer is queued or freed.
     *
     * <p>On the thread that runs the queue (a stream's thread, where listeners are called) a view of
     * a frame that is not retained is confined to that thread: revoking it then costs nothing, where
     * a view any thread may use costs a handshake with every thread of the JVM when it is revoked.
     * Such a view throws {@link WrongThreadException} on any other thread. To read a frame on another
     * thread, {@link #retain()} it and take the view there (or after retaining): views of a retained
     * frame may be used from any thread.
     *
     * @throws IllegalStateException when the driver owns the buffer, or a capture buffer holds no data
     * @throws UnsupportedOperationException when the plane is not mapped into the process
     */
    MemorySegment plane(int plane);

    /**
     * Runs {@code access} on a view of plane {@code plane} that lives only during the call, with
     * the bounds and mode of {@link #plane} (read-only for capture). On the thread that runs the
     * queue (where listeners are called) the view is confined to that thread and its scope is the
     * call itself, so with {@code access} written as a lambda at the call the JIT can drop the view
     * and its scope altogether once it compiles the listener (escape analysis; not guaranteed). While it runs there
     * the buffer cannot be queued or freed: asking to throws {@link IllegalStateException}. A view
     * kept past the call throws when used. On any other thread this is
     * {@code access.accept(plane(plane))}.
     *
     * @throws IllegalStateException when the driver owns the buffer, or a capture buffer holds no data
     * @throws UnsupportedOperationException when the plane is not mapped into the process
     */
    void withPlane(int plane, Consumer<? super MemorySegment> access);

    /**
     * Keeps this frame after the listener returns: its buffer is not requeued until every
     * {@code retain()} is matched by a {@link #release()}. If the stream stops or swaps its memory
     * meanwhile, the frame is revoked after a bounded wait, and its views throw from then on.
     *
     * @throws IllegalStateException when the user does not own the buffer
     */
    Frame retain();

    /** Undoes one {@link #retain()}; the last one gives the frame back for requeueing. From any thread. */
    void release();

    /** Whether the application retains this frame. */
    boolean isHeld();
}
