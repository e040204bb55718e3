package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.ioctl.Syscalls;

/**
 * The DMABUF memory provider: imports one dma-buf per plane from a named source — a
 * {@link DmaBufAllocator} service ({@code heap}, the default, or {@code udmabuf}) or, for a
 * source that is a device path, that device's MMAP buffers exported with VIDIOC_EXPBUF.
 */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=DMABUF")
public final class DmaBufMemoryProvider implements MemoryProvider {
    static final String DEFAULT_SOURCE = "heap";

    private final Map<String, DmaBufAllocator> allocators = new ConcurrentHashMap<>();

    /**
     * The default source: the provider is registered only once it is there, so that a stream
     * swapping to DMABUF the moment the provider appears finds its default memory.
     */
    @Reference(target = "(" + DmaBufAllocator.SOURCE + "=" + DEFAULT_SOURCE + ")")
    private DmaBufAllocator defaultAllocator;

    @Reference(target = "(" + MemoryProvider.MEMORY_TYPE + "=MMAP)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MemoryProvider mmap;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAllocator(DmaBufAllocator allocator, Map<String, Object> properties) {
        allocators.put(String.valueOf(properties.get(DmaBufAllocator.SOURCE)), allocator);
    }

    void unbindAllocator(DmaBufAllocator allocator, Map<String, Object> properties) {
        allocators.remove(String.valueOf(properties.get(DmaBufAllocator.SOURCE)), allocator);
    }

    @Override
    public MemoryType memoryType() {
        return MemoryType.DMABUF;
    }

    @Override
    public BufferPool allocate(BufferQueue queue, int count, String source) {
        String name = source == null ? DEFAULT_SOURCE : source;
        DmaBufAllocator named = name.startsWith("/") ? null : allocators.get(name);
        if (named == null && !name.startsWith("/")) {
            throw new IllegalArgumentException("no dma-buf source '" + name + "' (have: " + allocators.keySet()
                    + ", or a device path to export from)");
        }
        int granted = queue.requestBuffers(MemoryType.DMABUF, count);
        List<PlaneFormat> planes = queue.format().planes();
        Arena mappings = Arena.ofShared();
        List<DmaBufFd> fds = new ArrayList<>();
        AutoCloseable owned = null;
        try {
            DmaBufAllocator allocator = named;
            if (allocator == null) {
                long largest = planes.stream().mapToLong(PlaneFormat::sizeImage).max().orElseThrow();
                ExpbufSource expbuf = ExpbufSource.open(name, mmap, granted * planes.size(), largest, queue.format().width());
                owned = expbuf;
                allocator = expbuf;
            }
            List<PrimitiveBufferHandles<DmaBuf, DmaBufHandle<DmaBufFd>>> buffers = new ArrayList<>(granted);
            for (int index = 0; index < granted; index++) {
                List<DmaBufHandle<DmaBufFd>> handles = new ArrayList<>();
                for (PlaneFormat plane : planes) {
                    DmaBufFd fd = allocator.allocate(plane.sizeImage());
                    fds.add(fd);
                    handles.add(new DmaBufHandle<>(fd, map(fd, mappings)));
                }
                buffers.add(new PrimitiveBufferHandles<>(DmaBuf.INSTANCE, handles));
            }
            return new DmaBufBufferPool(queue, mappings, buffers, fds, owned);
        } catch (RuntimeException e) {
            RuntimeException failure = DmaBufBufferPool.release(mappings, fds, owned, null);
            try {
                queue.requestBuffers(MemoryType.DMABUF, 0);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
    }

    /** Maps a dma-buf for CPU access; the mapping ends when {@code mappings} closes. */
    private static MemorySegment map(DmaBufFd fd, Arena mappings) {
        long length = fd.length();
        String name = fd.deviceFd().path();
        long address = Syscalls.mmap(fd.fd(), name, length, Syscalls.PROT_READ | Syscalls.PROT_WRITE, 0);
        return MemorySegment.ofAddress(address).reinterpret(length, mappings, s -> Syscalls.munmap(address, length, name));
    }
}
