package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * An epoll(7) instance: one thread waits on many fds at once (the nodes of several devices and
 * an eventfd to wake it), where poll(2) would need the whole set passed on every call. Each fd
 * is registered with a 64-bit token that comes back with its events. Waiting and
 * {@link #modify re-arming} allocate nothing, so they can sit in a streaming loop.
 *
 * <p>Only the thread that waits may add, modify or remove; {@link #close()} is idempotent.
 */
public final class Epoll implements AutoCloseable {
    public static final int EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLHUP = 0x10;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3, EPOLL_CLOEXEC = 0x80000;

    /** {@code struct epoll_event}: packed on x86-64 (12 bytes), naturally aligned elsewhere (16). */
    public static final StructLayout EVENT = "amd64".equals(System.getProperty("os.arch"))
            ? Layouts.struct("epoll_event", JAVA_INT.withName("events"), JAVA_LONG_UNALIGNED.withName("data"))
            : Layouts.struct("epoll_event", JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data"));
    private static final VarHandle EVENTS = Layouts.field(EVENT, "events");
    private static final VarHandle DATA = Layouts.field(EVENT, "data");
    /** How many ready fds one wait reports at most (more stay ready for the next wait). */
    public static final int MAX_READY = 64;
    private static final SequenceLayout READY = MemoryLayout.sequenceLayout(MAX_READY, EVENT);
    private static final VarHandle EVENTS_AT = Layouts.element(READY, "events");
    private static final VarHandle DATA_AT = Layouts.element(READY, "data");

    private final DeviceFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment control;
    private final MemorySegment ready;

    private Epoll(String name) {
        this.fd = DeviceFd.adopt(Syscalls.epollCreate(EPOLL_CLOEXEC), name);
        this.control = arena.allocate(EVENT);
        this.ready = arena.allocate(READY);
    }

    /** A new epoll instance; {@code name} names it in errors. */
    public static Epoll open(String name) {
        return new Epoll(name);
    }

    /** EPOLL_CTL_ADD: watches {@code target} ({@code what} names it in errors) for {@code events}, reported with {@code token}. */
    public void add(int target, String what, int events, long token) {
        control(EPOLL_CTL_ADD, target, what, events, token);
    }

    /** EPOLL_CTL_MOD: watches {@code target} for other {@code events} (0: none for now, it stays registered). */
    public void modify(int target, String what, int events, long token) {
        control(EPOLL_CTL_MOD, target, what, events, token);
    }

    /** EPOLL_CTL_DEL. */
    public void remove(int target, String what) {
        control(EPOLL_CTL_DEL, target, what, 0, 0);
    }

    private void control(int op, int target, String what, int events, long token) {
        EVENTS.set(control, events);
        DATA.set(control, token);
        int errno = Syscalls.epollCtlErrno(fd.fd(), op, target, control);
        if (errno != 0) {
            throw Errno.failed(what, "epoll_ctl(" + (op == EPOLL_CTL_ADD ? "ADD" : op == EPOLL_CTL_MOD ? "MOD" : "DEL")
                    + ") on " + fd.path(), errno);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for registered fds to become ready; returns
     * how many are (0 on timeout or a signal), to be read with {@link #events} and {@link #token}.
     */
    public int await(int timeoutMillis) {
        int n = fd.fd();
        if (n < 0) {
            throw Errno.failed(fd.path(), "epoll_wait", Errno.EBADF);
        }
        int r = Syscalls.epollWaitErrno(n, ready, MAX_READY, timeoutMillis);
        if (r < 0 && -r != Errno.EINTR) {
            throw Errno.failed(fd.path(), "epoll_wait", -r);
        }
        return Math.max(r, 0);
    }

    /** The events of the {@code i}th ready fd of the last wait. */
    public int events(int i) {
        return (int) EVENTS_AT.get(ready, (long) i);
    }

    /** The token of the {@code i}th ready fd of the last wait. */
    public long token(int i) {
        return (long) DATA_AT.get(ready, (long) i);
    }

    /** Closes the epoll fd and frees its memory; from the waiting thread (wake it first). Idempotent. */
    @Override
    public void close() {
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
