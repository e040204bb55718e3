package org.v4j.userptr;

import org.osgi.service.component.annotations.Component;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;

/** The USERPTR memory provider: page-aligned process memory handed to the driver by address. */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=USERPTR")
public final class UserPtrMemoryProvider implements MemoryProvider {
    @Override
    public MemoryType memoryType() {
        return MemoryType.USERPTR;
    }

    @Override
    public BufferPool allocate(BufferQueue queue, int count, String source) {
        if (source != null) {
            throw new IllegalArgumentException("USERPTR memory is the process's own: no source '" + source + "'");
        }
        return UserPtrBufferPool.allocate(queue, count);
    }
}
