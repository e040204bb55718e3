package org.v4j.ioctl;

import org.v4j.api.V4l2Exception;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file descriptor owned by v4j (a device node, a dma-heap, a dma-buf), remembered with
 * its name so that every error can name it. Closing is idempotent; after close every call fails
 * with EBADF instead of reaching an fd number the process may have reused.
 */
public final class DeviceFd implements AutoCloseable {
    private final AtomicInteger fd;
    private final String path;

    private DeviceFd(int fd, String path) {
        this.fd = new AtomicInteger(fd);
        this.path = path;
    }

    /** Opens {@code path} read-write, non-blocking (DQBUF never blocks; waiting is done by epoll), close-on-exec. */
    public static DeviceFd open(String path) {
        return new DeviceFd(Syscalls.open(path, Syscalls.O_RDWR | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC), path);
    }

    /** Takes ownership of {@code fd} (for example one an ioctl returned), naming it {@code name} in errors. */
    public static DeviceFd adopt(int fd, String name) {
        if (fd < 0) {
            throw new IllegalArgumentException("not an fd: " + fd + " (" + name + ")");
        }
        return new DeviceFd(fd, name);
    }

    public String path() {
        return path;
    }

    /** The fd number; -1 once closed. */
    public int fd() {
        return fd.get();
    }

    public boolean isOpen() {
        return fd.get() >= 0;
    }

    /** Runs the ioctl; throws a {@link V4l2Exception} naming this device, the ioctl and the errno. */
    public void ioctl(Ioctl request, MemorySegment arg) {
        int n = fd.get();
        if (n < 0) {
            throw Errno.exception("already closed", path, request.name(), Errno.EBADF);
        }
        request.call(n, path, arg);
    }

    /**
     * Runs an ioctl whose errno the caller interprets (an enumeration's end, no event pending, the
     * control an EXT_CTRLS failure names); returns 0 or the errno.
     */
    int ioctlErrno(Ioctl request, MemorySegment arg) {
        int n = fd.get();
        if (n < 0) {
            return Errno.EBADF;
        }
        return request.errno(n, arg);
    }

    /**
     * Runs an ioctl of the hot path that changes nothing when it fails (QBUF, DQBUF); returns 0 or
     * the errno. Allocates nothing when it succeeds (see {@link Ioctl#repeatable}).
     */
    int ioctlRepeatableErrno(Ioctl request, MemorySegment arg) {
        int n = fd.get();
        if (n < 0) {
            return Errno.EBADF;
        }
        return request.repeatable(n, arg);
    }

    @Override
    public void close() {
        int n = fd.getAndSet(-1);
        if (n >= 0) {
            Syscalls.close(n, path);
        }
    }

    @Override
    public String toString() {
        return path + "(fd " + fd.get() + ")";
    }
}
