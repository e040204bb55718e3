package org.v4j.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.memory.MemoryType;

/**
 * Provides the memory behind the buffers of a queue: one service per memory type, registered
 * with the {@value #MEMORY_TYPE} property naming it ({@code MMAP}, {@code USERPTR}, {@code DMABUF}),
 * so that a consumer can choose at run time and follow providers as they come and go.
 */
@ConsumerType
public interface MemoryProvider {
    /** Service property: the {@link MemoryType} name this provider allocates. */
    String MEMORY_TYPE = "v4j.memory.type";

    MemoryType memoryType();

    /**
     * Allocates at least one and about {@code count} buffers for {@code queue} (REQBUFS and
     * whatever the memory type needs). On failure everything allocated so far is released.
     * Use {@link BufferQueue#allocate(MemoryProvider, int, String)}, which records the pool.
     *
     * @param source where the memory comes from, in the provider's terms (the DMABUF provider:
     *               {@code heap}, {@code udmabuf} or a device to export from); null: its default
     * @throws IllegalArgumentException for a source this provider does not know
     */
    BufferPool allocate(BufferQueue queue, int count, String source);
}
