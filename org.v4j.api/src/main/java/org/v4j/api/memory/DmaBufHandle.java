package org.v4j.api.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.v4j.ioctl.DmaBufIoctls;
import org.v4j.ioctl.DmaBufSync;

/**
 * A plane imported from a dma-buf (DMABUF): any {@link DmaBufSource}, that is an fd and its length.
 * When the provider mapped the dma-buf, CPU access through it is bracketed with
 * DMA_BUF_IOCTL_SYNC start/end.
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

    @Override
    public void beginCpuAccess(boolean write) {
        sync(DmaBufSync.START | (write ? DmaBufSync.WRITE : DmaBufSync.READ));
    }

    @Override
    public void endCpuAccess(boolean write) {
        sync(DmaBufSync.END | (write ? DmaBufSync.WRITE : DmaBufSync.READ));
    }

    private void sync(long flags) {
        if (mapping == null) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sync = call.allocate(DmaBufSync.LAYOUT);
            DmaBufSync.FLAGS.set(sync, flags);
            String name = source instanceof DmaBufFd owned ? owned.deviceFd().path() : "dma-buf fd " + source.fd();
            DmaBufIoctls.sync(source.fd(), name, sync);
        }
    }
}
