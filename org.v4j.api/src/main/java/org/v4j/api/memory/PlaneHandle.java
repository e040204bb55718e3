package org.v4j.api.memory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What backs one plane of a buffer, for memory {@code M}. The queue reads the handle when it hands
 * the buffer to the driver (QBUF) and gives it back with the buffer (DQBUF, STREAMOFF).
 *
 * @param <M> the memory this plane lives in
 */
@ProviderType
public sealed interface PlaneHandle<M extends Memory> permits MmapHandle, UserPtrHandle, DmaBufHandle {
    /** The memory kind of this plane. */
    M memory();

    /** The plane's size in bytes. */
    long length();
}
