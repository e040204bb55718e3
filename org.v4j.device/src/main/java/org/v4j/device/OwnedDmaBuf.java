package org.v4j.device;

import org.v4j.api.memory.DmaBufFd;
import org.v4j.ioctl.DeviceFd;

/**
 * A dma-buf file descriptor v4j owns (from EXPBUF, a dma-heap or udmabuf): it yields its fd and
 * length like any {@link org.v4j.api.memory.DmaBufSource}, and closing it closes the fd. Once closed, {@link #fd()}
 * is -1, so the kernel refuses it (EBADF) instead of importing whatever reused that number.
 */
public final class OwnedDmaBuf implements DmaBufFd {
    private final DeviceFd fd;
    private final long length;

    public OwnedDmaBuf(DeviceFd fd, long length) {
        this.fd = fd;
        this.length = length;
    }

    @Override
    public int fd() {
        return fd.fd();
    }

    @Override
    public long length() {
        return length;
    }

    /** The fd with its name, for ioctls on the dma-buf itself. */
    public DeviceFd deviceFd() {
        return fd;
    }

    @Override
    public String name() {
        return fd.path();
    }

    @Override
    public boolean isOpen() {
        return fd.isOpen();
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "dma-buf " + fd + " " + length + " bytes";
    }
}
