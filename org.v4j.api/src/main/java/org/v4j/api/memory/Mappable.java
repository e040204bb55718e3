package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * A plane handle whose memory may be mapped into the process. The mapping is the provider's;
 * users reach a plane through the dequeued buffer ({@link org.v4j.api.Frame#plane}), whose views
 * are revoked when the buffer goes back to the driver.
 */
public sealed interface Mappable permits MmapHandle, UserPtrHandle, DmaBufHandle {
    /** The whole plane as mapped, or null when this plane is not mapped; invalid once given back. */
    MemorySegment mapping();
}
