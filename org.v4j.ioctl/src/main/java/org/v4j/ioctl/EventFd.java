package org.v4j.ioctl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An eventfd that wakes a thread waiting in poll(2) beside a device: any thread may
 * {@link #signal()}, the waiting thread {@link #drain()}s it. Both allocate nothing, so they can
 * sit in the streaming loop.
 */
public final class EventFd implements AutoCloseable {
    private final DeviceFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment counter;

    private EventFd(String name) {
        this.fd = DeviceFd.adopt(Syscalls.eventfd(0, Syscalls.EFD_NONBLOCK | Syscalls.EFD_CLOEXEC), name);
        this.counter = arena.allocate(ValueLayout.JAVA_LONG);
    }

    /** A new eventfd; {@code name} names it in errors. */
    public static EventFd open(String name) {
        return new EventFd(name);
    }

    /** The fd number to poll for POLLIN; -1 once closed (poll skips negative fds). */
    public int fd() {
        return fd.fd();
    }

    /** Wakes the poller. Harmless after close (synchronized with it: the fd number is never reused under us). */
    public synchronized void signal() {
        int n = fd.fd();
        if (n >= 0) {
            Syscalls.eventfdWrite(n, 1);
        }
    }

    /** Resets the counter; true if it had been signalled. Only the polling thread calls this. */
    public boolean drain() {
        int n = fd.fd();
        return n >= 0 && Syscalls.eventfdRead(n, counter);
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
