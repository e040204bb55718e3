package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * A plane imported from a dma-buf (DMABUF): any {@link DmaBufSource}, that is an fd and its length.
 * When the provider mapped the dma-buf, the device layer brackets CPU access through the mapping
 * with DMA_BUF_IOCTL_SYNC start/end.
 *
 * @param <S>     the kind of source
 * @param source  where the dma-buf comes from
 * @param mapping the dma-buf mapped into the process, or null
 */
public record DmaBufHandle<S extends DmaBufSource>(S source, MemorySegment mapping)
        implements PlaneHandle<DmaBuf>, Mappable {
    @Override
    public DmaBuf memory() {
        return DmaBuf.INSTANCE;
    }

    @Override
    public long length() {
        return source.length();
    }
}
