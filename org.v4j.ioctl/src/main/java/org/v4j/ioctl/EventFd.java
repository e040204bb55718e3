package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * An eventfd that wakes a thread waiting in epoll_wait beside a device: any thread may
 * {@link #signal()}, the waiting thread {@link #drain()}s it. Both allocate nothing, so they can
 * sit in the streaming loop: eventfd_write and eventfd_read run without errno capture and repeat
 * with it only after a failure (which changed nothing), see package-info.
 */
public final class EventFd implements AutoCloseable {
    public static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    private static final MethodHandle EVENTFD = Syscalls.downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final FunctionDescriptor WRITE_TYPE = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle EVENTFD_WRITE = Syscalls.downcall("eventfd_write", WRITE_TYPE);
    private static final MethodHandle EVENTFD_WRITE_WITHOUT_ERRNO = Syscalls.downcallWithoutErrno("eventfd_write", WRITE_TYPE);
    private static final FunctionDescriptor READ_TYPE = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EVENTFD_READ = Syscalls.downcall("eventfd_read", READ_TYPE);
    private static final MethodHandle EVENTFD_READ_WITHOUT_ERRNO = Syscalls.downcallWithoutErrno("eventfd_read", READ_TYPE);

    private final DeviceFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment counter;

    private EventFd(String name) {
        this.fd = DeviceFd.adopt(create(0, EFD_NONBLOCK | EFD_CLOEXEC), name);
        this.counter = arena.allocate(JAVA_LONG);
    }

    /** A new eventfd; {@code name} names it in errors. */
    public static EventFd open(String name) {
        return new EventFd(name);
    }

    /**
     * eventfd(2): a new eventfd.
     * {@snippet lang=c :
     * int eventfd(unsigned int initval, int flags);
     * }
     */
    private static int create(int initialValue, int flags) {
        MemorySegment state = Syscalls.state();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(state, initialValue, flags);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("eventfd", "eventfd", Syscalls.errno(state));
        }
        return fd;
    }

    /** The fd number to wait on for EPOLLIN; -1 once closed. */
    public int fd() {
        return fd.fd();
    }

    /**
     * Wakes the waiter. Harmless after close (synchronized with it: the fd number is never reused
     * under us); a failure (only a counter overflow) is ignored, as the waiter is woken anyway.
     */
    public synchronized void signal() {
        int n = fd.fd();
        if (n >= 0) {
            write(n, 1);
        }
    }

    /** Resets the counter; true if it had been signalled. Only the waiting thread calls this. */
    public boolean drain() {
        int n = fd.fd();
        if (n < 0) {
            return false;
        }
        int errno = read(n, counter);
        if (errno == 0 || errno == Errno.EAGAIN) {
            return errno == 0;
        }
        throw Errno.failed(fd.path(), "eventfd_read", errno);
    }

    /**
     * eventfd_write(3): adds {@code value} to the counter; returns 0, or the errno. Allocates nothing when it succeeds.
     * {@snippet lang=c :
     * int eventfd_write(int fd, eventfd_t value);
     * }
     */
    private static int write(int fd, long value) {
        try {
            if ((int) EVENTFD_WRITE_WITHOUT_ERRNO.invokeExact(fd, value) == 0) {
                return 0;
            }
            MemorySegment state = Syscalls.state();
            return (int) EVENTFD_WRITE.invokeExact(state, fd, value) == 0 ? 0 : Syscalls.errno(state);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /**
     * eventfd_read(3) into the 8 bytes of {@code value}, resetting the counter; returns 0, or the
     * errno (EAGAIN: it was 0). Allocates nothing when it succeeds.
     * {@snippet lang=c :
     * int eventfd_read(int fd, eventfd_t *value);
     * }
     */
    private static int read(int fd, MemorySegment value) {
        try {
            if ((int) EVENTFD_READ_WITHOUT_ERRNO.invokeExact(fd, value) == 0) {
                return 0;
            }
            MemorySegment state = Syscalls.state();
            return (int) EVENTFD_READ.invokeExact(state, fd, value) == 0 ? 0 : Syscalls.errno(state);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** Closes the eventfd. Idempotent. */
    @Override
    public synchronized void close() {
        if (fd.isOpen()) {
            fd.close();
            arena.close();
        }
    }

    @Override
    public String toString() {
        return fd.path();
    }
}
