package org.v4j.mmap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.ioctl.Mman;

/**
 * The MMAP memory provider: the driver's own buffers, each plane mapped from the device fd at the
 * offset the driver gave, read-only for capture. Each mapping has an arena of its own whose close
 * unmaps it, so a segment can never outlive its mapping: access after that throws instead of
 * touching unmapped memory.
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
        long length = request.length();
        String device = allocation.device();
        int prot = allocation.capture() ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
        long address = Mman.mmap(allocation.fd(), device, length, prot, request.offset());
        Arena arena = Arena.ofShared();
        MemorySegment mapping = MemorySegment.ofAddress(address).reinterpret(length, arena,
                segment -> Mman.munmap(address, length, device));
        MmapHandle handle = new MmapHandle(allocation.capture() ? mapping.asReadOnly() : mapping);
        mappings.put(handle, arena);
        return handle;
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
