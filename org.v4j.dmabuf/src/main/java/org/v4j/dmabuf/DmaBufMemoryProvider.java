package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.ioctl.Mman;

/**
 * The DMABUF memory provider: one dma-buf per plane, mapped for CPU access, from a named source:
 * a {@link DmaBufAllocator} service ({@code heap}, the default, or {@code udmabuf}, the default
 * where the heap's node is missing: {@link DefaultSource}) or, for a
 * source that is a device path, that device's MMAP buffers exported with VIDIOC_EXPBUF (one
 * exporter per allocation, released with the allocation's last plane).
 */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=DMABUF")
public final class DmaBufMemoryProvider implements MemoryProvider<DmaBufHandle<DmaBufFd>> {
    static final String DEFAULT_SOURCE = DefaultSource.HEAP;

    /** What giving a plane back releases: its mapping, its fd, and its share of an exporter. */
    private record Supplied(Arena mapping, DmaBufFd fd, ExpbufSource exporter) {}

    private final Map<String, DmaBufAllocator> allocators = new ConcurrentHashMap<>();
    private final Map<DmaBufHandle<DmaBufFd>, Supplied> supplied = new ConcurrentHashMap<>();
    private final Map<Long, ExpbufSource> exporters = new ConcurrentHashMap<>();
    /** The default source last reported in the log, so that a fallback is said once, not per plane. */
    private volatile String reportedDefault = DEFAULT_SOURCE;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    /**
     * The default source: the provider is registered only once it is there, so that a stream
     * swapping to DMABUF the moment the provider appears finds its default memory.
     */
    @Reference(target = "(" + DmaBufAllocator.SOURCE + "=" + DEFAULT_SOURCE + ")")
    private DmaBufAllocator defaultAllocator;

    @Reference(target = "(" + MemoryProvider.MEMORY_TYPE + "=MMAP)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MemoryProvider<MmapHandle> mmap;

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
    public DmaBufHandle<DmaBufFd> supply(PlaneRequest request) {
        Allocation allocation = request.allocation();
        String name = allocation.source() == null ? defaultSource() : allocation.source();
        ExpbufSource exporter = name.startsWith("/") ? exporter(allocation, name) : null;
        DmaBufAllocator allocator = exporter != null ? exporter : allocators.get(name);
        if (allocator == null) {
            throw new IllegalArgumentException("no dma-buf source '" + name + "' (have: " + allocators.keySet()
                    + ", or a device path to export from)");
        }
        DmaBufFd fd = null;
        Arena mapping = null;
        try {
            fd = allocator.allocate(request.length());
            mapping = Arena.ofShared();
            DmaBufHandle<DmaBufFd> handle = new DmaBufHandle<>(fd, map(fd, mapping));
            supplied.put(handle, new Supplied(mapping, fd, exporter));
            if (exporter != null) {
                exporter.planeSupplied();
            }
            return handle;
        } catch (RuntimeException e) { // nothing of this plane stays: its mapping, its fd, an exporter opened for it
            if (mapping != null) {
                mapping.close();
            }
            if (fd != null) {
                fd.close();
            }
            if (exporter != null) {
                exporter.closeIfUnused();
            }
            throw e;
        }
    }

    /** The default source now, logged when it is not the heap (and again when it changes). */
    private String defaultSource() {
        String name = DefaultSource.choose();
        if (!name.equals(reportedDefault)) {
            reportedDefault = name;
            if (name.equals(DEFAULT_SOURCE)) {
                log.info("DMABUF memory from the default source {} again ({} is there)", name, HeapAllocator.HEAP);
            } else {
                log.info("DMABUF memory from {}: the default source {} has no {}", name, DEFAULT_SOURCE, HeapAllocator.HEAP);
            }
        }
        return name;
    }

    /** The exporter of this allocation, opened for all its planes with the first. */
    private ExpbufSource exporter(Allocation allocation, String path) {
        return exporters.computeIfAbsent(allocation.id(), id -> {
            long largest = allocation.planes().stream().mapToLong(PlaneFormat::sizeImage).max().orElseThrow();
            return ExpbufSource.open(path, mmap, allocation.buffers() * allocation.planes().size(), largest,
                    allocation.width(), () -> exporters.remove(id));
        });
    }

    @Override
    public void giveBack(DmaBufHandle<DmaBufFd> handle) {
        Supplied plane = supplied.remove(handle);
        if (plane == null) {
            throw new IllegalArgumentException("not a dma-buf of this provider: " + handle);
        }
        try {
            plane.mapping().close();
            plane.fd().close();
        } finally {
            if (plane.exporter() != null) {
                plane.exporter().planeGivenBack();
            }
        }
    }

    /** Maps a dma-buf for CPU access; the mapping ends when {@code mapping} closes. */
    private static MemorySegment map(DmaBufFd fd, Arena mapping) {
        long length = fd.length();
        String name = fd.name();
        long address = Mman.mmap(fd.fd(), name, length, Mman.PROT_READ | Mman.PROT_WRITE, 0);
        return MemorySegment.ofAddress(address).reinterpret(length, mapping, s -> Mman.munmap(address, length, name));
    }
}
