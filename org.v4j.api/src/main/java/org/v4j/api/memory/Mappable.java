package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A plane handle whose memory is mapped into the process. The mapping is the provider's; users
 * reach a plane through the dequeued buffer ({@link org.v4j.api.Frame#plane}), whose views are
 * revoked when the buffer goes back to the driver. CPU access is bracketed by
 * {@link #beginCpuAccess}/{@link #endCpuAccess}, which imported dma-bufs turn into
 * DMA_BUF_IOCTL_SYNC (the user-space side of vb2's prepare/finish).
 */
@ProviderType
public interface Mappable {
    /** The whole plane as mapped, or null when this plane is not mapped; invalid once released. */
    MemorySegment mapping();

    /** Called before the CPU reads (or, with {@code write}, writes) the mapping. */
    default void beginCpuAccess(boolean write) {}

    /** Called after the CPU access that {@link #beginCpuAccess} started. */
    default void endCpuAccess(boolean write) {}
}
