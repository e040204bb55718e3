package org.v4j.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;

/**
 * Supplies the memory behind the planes of a queue's buffers, and takes it back: one service per
 * memory type, registered with the {@value #MEMORY_TYPE} property naming it ({@code MMAP},
 * {@code USERPTR}, {@code DMABUF}), so that a stream can choose at run time and follow providers
 * as they come and go. The device layer runs the buffer protocol (REQBUFS, QUERYBUF, QBUF, and
 * every rollback) and asks the provider only for one plane at a time.
 *
 * @param <H> the plane handles this provider hands out
 */
@ConsumerType
public interface MemoryProvider<H extends PlaneHandle<?>> {
    /** Service property: the {@link MemoryType} name this provider supplies. */
    String MEMORY_TYPE = "v4j.memory.type";

    MemoryType memoryType();

    /**
     * The memory of one plane: an MMAP offset mapped, page-aligned process memory, or a dma-buf.
     *
     * @throws IllegalArgumentException for a source this provider does not know
     * @throws V4l2Exception            when the memory cannot be had
     */
    H supply(PlaneRequest request);

    /**
     * Takes back what {@link #supply} gave, once no view and no driver uses it any more: for memory
     * the device backs itself (MMAP), before the buffers are freed; for imported memory, after.
     */
    void giveBack(H handle);
}
