package org.v4j.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.MemoryType;

/**
 * The buffers a {@link MemoryProvider} allocated for one queue. Closing stops the queue, revokes
 * every view, releases the memory (unmap, free) and the kernel buffers (REQBUFS 0), in that
 * order. Idempotent.
 */
@ConsumerType
public interface BufferPool extends AutoCloseable {
    MemoryType memoryType();

    /** How many buffers. */
    int size();

    /** The handles that back buffer {@code index}, to pass to {@link BufferQueue#queue}. */
    BufferHandles handles(int index);

    @Override
    void close();
}
