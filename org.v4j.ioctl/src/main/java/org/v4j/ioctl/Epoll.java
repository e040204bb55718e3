package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * An epoll(7) instance: one thread waits on many fds at once (the nodes of several devices and
 * an eventfd to wake it), where plain poll would need the whole set passed on every call. Each fd
 * is registered with a 64-bit token that comes back with its events. Waiting and
 * {@link #modify re-arming} allocate nothing, so they can sit in a streaming loop: epoll_wait
 * runs without errno capture and repeats with it only after a failure (see package-info).
 *
 * <p>Only the thread that waits may add, modify or remove; {@link #close()} is idempotent.
 */
public final class Epoll implements AutoCloseable {
    public static final int EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3, EPOLL_CLOEXEC = 0x80000;

    /** {@code struct epoll_event} of this JVM's architecture ({@link #eventLayout}). */
    public static final StructLayout EVENT = eventLayout(System.getProperty("os.arch"));
    private static final VarHandle EVENTS = Layouts.field(EVENT, "events");
    private static final VarHandle DATA = Layouts.field(EVENT, "data");
    /** How many ready fds one wait reports at most (more stay ready for the next wait). */
    public static final int MAX_READY = 64;
    private static final SequenceLayout READY = MemoryLayout.sequenceLayout(MAX_READY, EVENT);
    private static final VarHandle EVENTS_AT = Layouts.element(READY, "events");
    private static final VarHandle DATA_AT = Layouts.element(READY, "data");

    private static final MethodHandle EPOLL_CREATE1 = Syscalls.downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = Syscalls.downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final FunctionDescriptor EPOLL_WAIT_TYPE = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_WAIT = Syscalls.downcall("epoll_wait", EPOLL_WAIT_TYPE);
    private static final MethodHandle EPOLL_WAIT_WITHOUT_ERRNO = Syscalls.downcallWithoutErrno("epoll_wait", EPOLL_WAIT_TYPE);

    private final DeviceFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment control;
    private final MemorySegment ready;

    private Epoll(String name) {
        this.fd = DeviceFd.adopt(create(EPOLL_CLOEXEC), name);
        this.control = arena.allocate(EVENT);
        this.ready = arena.allocate(READY);
    }

    /**
     * epoll_create1(2): a new epoll fd.
     * {@snippet lang=c :
     * int epoll_create1(int flags);
     * }
     */
    private static int create(int flags) {
        MemorySegment state = Syscalls.state();
        int epfd;
        try {
            epfd = (int) EPOLL_CREATE1.invokeExact(state, flags);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (epfd < 0) {
            throw Errno.failed("epoll", "epoll_create1", Syscalls.errno(state));
        }
        return epfd;
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

    /**
     * epoll_ctl(2) on this instance; throws naming {@code what} (the target), the operation and
     * this epoll instance.
     * {@snippet lang=c :
     * int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
     * }
     */
    private void control(int op, int target, String what, int events, long token) {
        EVENTS.set(control, events);
        DATA.set(control, token);
        MemorySegment state = Syscalls.state();
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(state, fd.fd(), op, target, control);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(what, "epoll_ctl(" + (op == EPOLL_CTL_ADD ? "ADD" : op == EPOLL_CTL_MOD ? "MOD" : "DEL")
                    + ") on " + fd.path(), Syscalls.errno(state));
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for registered fds to become ready; returns
     * how many are (0 on timeout or a signal), to be read with {@link #events} and {@link #token}.
     * Allocates nothing unless it fails: the errno is learned by a second call (timeout 0) after a
     * failure, which consumed no event.
     * {@snippet lang=c :
     * int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
     * }
     */
    public int await(int timeoutMillis) {
        int n = fd.fd();
        if (n < 0) {
            throw Errno.failed(fd.path(), "epoll_wait", Errno.EBADF);
        }
        int r;
        try {
            r = (int) EPOLL_WAIT_WITHOUT_ERRNO.invokeExact(n, ready, MAX_READY, timeoutMillis);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r >= 0) {
            return r;
        }
        MemorySegment state = Syscalls.state();
        try {
            r = (int) EPOLL_WAIT.invokeExact(state, n, ready, MAX_READY, 0);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r >= 0) {
            return r;
        }
        int errno = Syscalls.errno(state);
        if (errno == Errno.EINTR) {
            return 0;
        }
        throw Errno.failed(fd.path(), "epoll_wait", errno);
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

    /**
     * {@code struct epoll_event} on {@code arch} (an {@code os.arch} value): packed on x86-64
     * ({@code amd64}, 12 bytes), naturally aligned elsewhere (16 on arm64). The conformance test
     * checks both against their uapi headers.
     */
    static StructLayout eventLayout(String arch) {
        return "amd64".equals(arch)
                ? Layouts.struct("epoll_event", JAVA_INT.withName("events"), JAVA_LONG_UNALIGNED.withName("data"))
                : Layouts.struct("epoll_event", JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                        JAVA_LONG.withName("data"));
    }
}
