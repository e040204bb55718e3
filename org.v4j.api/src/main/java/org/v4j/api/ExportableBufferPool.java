package org.v4j.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.memory.DmaBufFd;

/**
 * Buffers whose planes can be exported as dma-bufs (VIDIOC_EXPBUF on MMAP buffers), to be
 * imported by another device or API. The pool owns the exported fds and closes them when it
 * closes, before it frees the buffers; closing one earlier is allowed.
 */
@ConsumerType
public interface ExportableBufferPool extends BufferPool {
    /** Exports plane {@code plane} of buffer {@code index} as a new close-on-exec dma-buf fd. */
    DmaBufFd export(int index, int plane);
}
