package org.v4j.mmap;

import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneRequest;

/**
 * The MMAP memory provider: the driver's own buffers, each plane mapped by the allocation itself
 * ({@link Allocation#map}: the plane the device layer asks for, read-only for capture). Each
 * mapping has an arena of its own whose close unmaps it, so a segment can never outlive its
 * mapping: access after that throws instead of touching unmapped memory.
 */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=MMAP")
public final class MmapMemoryProvider implements MemoryProvider<MmapHandle> {
    private final Map<MmapHandle, Arena> mappings = new ConcurrentHashMap<>();

    @Override
    public MemoryType memoryType() {
        return MemoryType.MMAP;
    }

    @Override
    public MmapHandle supply(PlaneRequest request) {
        Allocation allocation = request.allocation();
        if (allocation.source() != null) {
            throw new IllegalArgumentException("MMAP memory is the driver's own: no source '" + allocation.source() + "'");
        }
        Arena arena = Arena.ofShared();
        try {
            MmapHandle handle = new MmapHandle(allocation.map(request, arena));
            mappings.put(handle, arena);
            return handle;
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void giveBack(MmapHandle handle) {
        Arena arena = mappings.remove(handle);
        if (arena == null) {
            throw new IllegalArgumentException("not a mapping of this provider: " + handle);
        }
        arena.close();
    }
}
