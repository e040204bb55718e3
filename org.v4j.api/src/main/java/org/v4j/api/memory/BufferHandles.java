package org.v4j.api.memory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The handles of all planes of one buffer, with the memory type known only at run time: what a
 * queue takes for QBUF whichever provider allocated the buffer.
 */
@ProviderType
public sealed interface BufferHandles permits PrimitiveBufferHandles {
    MemoryType memoryType();

    int planeCount();

    PlaneHandle<?> plane(int index);
}
