package org.v4j.api.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of new dma-bufs (a dma-heap, udmabuf, ...), registered as a service with the
 * {@value #SOURCE} property naming it, so that a consumer can ask the DMABUF provider for memory
 * from a named source.
 */
@ConsumerType
public interface DmaBufAllocator {
    /** Service property: the source's name, e.g. {@code heap} or {@code udmabuf}. */
    String SOURCE = "v4j.dmabuf.source";

    /** A new dma-buf of at least {@code size} bytes; the caller owns (and closes) it. */
    DmaBufFd allocate(long size);
}
