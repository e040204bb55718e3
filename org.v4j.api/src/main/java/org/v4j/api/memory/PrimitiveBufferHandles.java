package org.v4j.api.memory;

import java.util.List;

/**
 * The plane handles of one buffer whose memory kind is fixed at compile time.
 *
 * @param <M> the memory kind
 * @param <H> the plane handle type
 * @param memory the memory kind
 * @param planes one handle per plane, in plane order
 */
public record PrimitiveBufferHandles<M extends Memory, H extends PlaneHandle<M>>(M memory, List<H> planes)
        implements BufferHandles {
    public PrimitiveBufferHandles {
        planes = List.copyOf(planes);
        if (planes.isEmpty()) {
            throw new IllegalArgumentException("a buffer has at least one plane");
        }
    }

    @Override
    public MemoryType memoryType() {
        return memory.type();
    }

    @Override
    public int planeCount() {
        return planes.size();
    }

    @Override
    public H plane(int index) {
        return planes.get(index);
    }
}
