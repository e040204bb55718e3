package org.v4j.capture;

import java.util.Set;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Event;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;

/**
 * What a stream needs of its device and capture queue, and no more: the seam between the stream's
 * logic (its states, swaps, the hold wait, provider fallback) and the ioctls, so that the logic
 * runs on the host against a pure-Java fake. {@link StreamDevice} is the one implementation, over
 * a real {@link org.v4j.device.Device} and {@link org.v4j.device.BufferQueue}; each method does
 * what the method of the same name there does. Only the stream's thread calls it, except
 * {@link #wakeup()}.
 */
interface StreamQueue {
    /** The device node, for messages. */
    String path();

    Capability capability();

    BufferType type();

    /** The format the buffers are allocated for. */
    Format format();

    /** The memory types the driver supports on the queue; only while no buffers are allocated. */
    Set<MemoryType> supportedMemory();

    /** Allocates about {@code count} buffers that {@code provider} backs ({@code source}: where DMABUF comes from); how many. */
    int allocate(MemoryProvider<?> provider, int count, String source);

    /** How many buffers are allocated. */
    int size();

    /** How many buffers the driver owns now. */
    int queuedCount();

    Frame frame(int index);

    /** Whether frame {@code index} was released since the last call, and is to be requeued. */
    boolean takeRelease(int index);

    /** QBUF of buffer {@code index}. */
    void queue(int index);

    void streamOn();

    /** STREAMOFF: every queued buffer comes back. */
    void streamOff();

    /** A filled buffer within {@code timeoutMillis}, or null (none, or woken); ENODEV once the device is gone. */
    Frame dequeue(int timeoutMillis);

    /** Waits up to {@code timeoutMillis} for a {@link #wakeup()} (or an event); ENODEV once the device is gone. */
    boolean awaitWakeup(int timeoutMillis);

    /** Makes the calling thread (the stream's) the queue's own: the views it takes are confined to it ({@link org.v4j.device.BufferQueue#confineViews()}). */
    void confineViews();

    /** Wakes the stream's thread out of {@link #dequeue} or {@link #awaitWakeup}; from any thread. */
    void wakeup();

    /** Whether the last wait saw an event; resets it. */
    boolean takeEventPending();

    /** The next pending event, or null. */
    Event dequeueEvent();

    void subscribe(EventType type, int id);

    /** STREAMOFF, every frame retired (its views revoked), the buffers freed and their memory given back. */
    void free();

    /** Frees everything and closes the device. */
    void close();
}
