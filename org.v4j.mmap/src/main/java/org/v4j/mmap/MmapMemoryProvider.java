package org.v4j.mmap;

import org.osgi.service.component.annotations.Component;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;

/** The MMAP memory provider: buffers the driver allocates, mapped into the process. */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=MMAP")
public final class MmapMemoryProvider implements MemoryProvider {
    @Override
    public MemoryType memoryType() {
        return MemoryType.MMAP;
    }

    @Override
    public BufferPool allocate(BufferQueue queue, int count, String source) {
        if (source != null) {
            throw new IllegalArgumentException("MMAP memory is the driver's own: no source '" + source + "'");
        }
        return MmapBufferPool.allocate(queue, count);
    }
}
