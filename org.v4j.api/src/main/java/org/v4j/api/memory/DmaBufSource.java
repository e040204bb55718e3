package org.v4j.api.memory;

import org.osgi.annotation.versioning.ConsumerType;

/** Anything that yields a dma-buf: its file descriptor and its size in bytes. */
@ConsumerType
public interface DmaBufSource {
    int fd();

    long length();
}
