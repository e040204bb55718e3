package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * A plane of a driver-allocated (MMAP) buffer. The driver needs nothing from the handle to queue
 * it; the handle carries the plane's mapping so the plane can be read.
 *
 * @param mapping the mmap'd plane; its scope ends when the provider unmaps it
 */
public record MmapHandle(MemorySegment mapping) implements PlaneHandle<Mmap>, Mappable {
    @Override
    public Mmap memory() {
        return Mmap.INSTANCE;
    }

    @Override
    public long length() {
        return mapping.byteSize();
    }
}
