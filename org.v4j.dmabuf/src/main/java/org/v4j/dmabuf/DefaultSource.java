package org.v4j.dmabuf;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where DMABUF memory comes from when a request names no source: the system dma-heap, or
 * udmabuf when the heap's node is missing and udmabuf's is there (Debian's arm64 kernel has no
 * dma-heaps, {@code CONFIG_DMABUF_HEAPS} unset). With neither, the heap: its allocation then fails
 * naming the node. Only the default falls back; a source asked for by name is used as asked.
 */
final class DefaultSource {
    static final String HEAP = "heap";
    static final String UDMABUF = "udmabuf";

    private DefaultSource() {}

    /** The default source's name, probing the two nodes ({@code /dev/dma_heap/system}, {@code /dev/udmabuf} in use). */
    static String choose(Path heap, Path udmabuf) {
        return !Files.exists(heap) && Files.exists(udmabuf) ? UDMABUF : HEAP;
    }

    /** The default on this machine. */
    static String choose() {
        return choose(Path.of(HeapAllocator.HEAP), Path.of(UdmabufAllocator.UDMABUF));
    }
}
