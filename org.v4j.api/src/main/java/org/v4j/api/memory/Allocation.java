package org.v4j.api.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.v4j.api.PlaneFormat;

/**
 * One allocation of a queue's buffers, as a {@link org.v4j.api.MemoryProvider} sees it: the
 * device layer asks for the memory of each plane of each buffer with a {@link PlaneRequest} that
 * names it. A provider that serves several planes from one source (a device it exports from)
 * keys that source by {@link #id()}.
 *
 * <p>Only the device layer implements it, and it carries no fd: the driver's own memory (MMAP)
 * is reached through {@link #map}, which maps exactly the plane being supplied, read-only for a
 * capture queue. So no request an application makes up can map a buffer writable, or map it at
 * all outside the allocation.
 */
@ProviderType
public interface Allocation {
    /** Unique within the process. */
    long id();

    /** The device path, for messages. */
    String device();

    /** Whether the queue captures: its memory is read by the CPU, never written. */
    boolean capture();

    /** How many buffers the driver granted. */
    int buffers();

    /** The format's planes, in order. */
    List<PlaneFormat> planes();

    /** The format's width in pixels. */
    int width();

    /** Where memory should come from, in the provider's terms; null: the provider's default. */
    String source();

    /**
     * Maps the driver's own memory (MMAP) of the plane {@code request} names until {@code arena}
     * closes (closing it unmaps): read-only when the queue captures. Only for the request the
     * device layer is supplying right now, on the thread that supplies it.
     *
     * @throws IllegalStateException for any other request, thread or time, or memory that is not MMAP
     * @throws org.v4j.api.V4l2Exception when mmap fails
     */
    MemorySegment map(PlaneRequest request, Arena arena);
}
