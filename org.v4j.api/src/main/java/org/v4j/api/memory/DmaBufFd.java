package org.v4j.api.memory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A dma-buf file descriptor v4j owns (from EXPBUF, a dma-heap or udmabuf): it yields its fd and
 * length like any {@link DmaBufSource}, and closing it closes the fd. Once closed, {@link #fd()}
 * is -1, so the kernel refuses it (EBADF) instead of importing whatever reused that number.
 */
@ProviderType
public interface DmaBufFd extends DmaBufSource, AutoCloseable {
    /** What the fd is, for messages: e.g. {@code dma-buf of /dev/video0 buffer 2 plane 0}. */
    String name();

    boolean isOpen();

    /** Closes the fd; idempotent. */
    @Override
    void close();
}
