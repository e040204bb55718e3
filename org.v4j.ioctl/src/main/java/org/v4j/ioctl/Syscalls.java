package org.v4j.ioctl;

import org.v4j.api.V4l2Exception;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls v4j needs, as FFM downcalls that capture errno. Each wrapper either returns
 * the call's result or throws a {@link V4l2Exception} naming the call, the file and the errno;
 * the {@code ...Errno} variants return the errno instead, for the streaming loop, where EAGAIN is
 * expected and must not allocate an exception.
 *
 * <p>Errno capture costs an allocation per call until C2 compiles it away (the JDK slices the
 * capture segment on every call), so the calls of the streaming loop, which change nothing when
 * they fail (QBUF, DQBUF, poll), first run without capture and, only if they fail, run again
 * with capture to learn the errno. Reading errno without capture would be unreliable: the JVM
 * may overwrite it on the way back from native code.
 */
public final class Syscalls {
    public static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    public static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    public static final int IN_NONBLOCK = 0x800, IN_CLOEXEC = 0x80000, IN_ATTRIB = 0x4, IN_CREATE = 0x100,
            IN_DELETE = 0x200, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80;
    public static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, F_ADD_SEALS = 1033, F_SEAL_SHRINK = 2;
    public static final short POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLHUP = 0x10;

    /** {@code struct pollfd}. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"))
            .withName("pollfd");
    public static final VarHandle POLLFD_FD = Layouts.field(POLLFD, "fd");
    public static final VarHandle POLLFD_EVENTS = Layouts.field(POLLFD, "events");
    public static final VarHandle POLLFD_REVENTS = Layouts.field(POLLFD, "revents");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            Layouts.bindBase(CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** One capture buffer per thread, so that a call allocates nothing. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_NO_ERRNO = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL_NO_ERRNO = LINKER.downcallHandle(LIBC.find("poll").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = downcall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FCNTL = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle EVENTFD = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD_WRITE_NO_ERRNO = LINKER.downcallHandle(
            LIBC.find("eventfd_write").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle EVENTFD_READ_NO_ERRNO = LINKER.downcallHandle(
            LIBC.find("eventfd_read").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle INOTIFY_INIT1 = downcall("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle INOTIFY_ADD_WATCH = downcall("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_WAIT_NO_ERRNO = LINKER.downcallHandle(LIBC.find("epoll_wait").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SYSCONF = LINKER.downcallHandle(
            LIBC.find("sysconf").orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final int SC_PAGESIZE = 30;

    /** The kernel's page size (4 KiB on x86-64, 4, 16 or 64 KiB on arm64). */
    public static final long PAGE_SIZE = pageSize();

    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Syscalls() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, all);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state);
    }

    /** {@code open(2)}; returns the new fd. */
    public static int open(String path, int flags) {
        MemorySegment state = STATE.get();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed(path, "open", errno(state));
        }
        return fd;
    }

    /** {@code close(2)}; {@code path} only names the fd in the error. */
    public static void close(int fd, String path) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(path, "close", errno(state));
        }
    }

    /** {@code ioctl(2)}: 0 on success, else the errno. */
    public static int ioctlErrno(int fd, long request, MemorySegment arg) {
        int r = ioctlResult(fd, request, arg);
        return r < 0 ? -r : 0;
    }

    /**
     * {@code ioctl(2)} for requests that change nothing when they fail (QBUF, DQBUF): 0 on
     * success, else the errno, learned by running the request again with errno capture. Allocates
     * nothing when the call succeeds.
     */
    public static int ioctlRepeatableErrno(int fd, long request, MemorySegment arg) {
        int r;
        try {
            r = (int) IOCTL_NO_ERRNO.invokeExact(fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r < 0 ? ioctlErrno(fd, request, arg) : 0;
    }

    /** {@code ioctl(2)} for requests that return a value (a new fd): the result, or minus the errno. */
    public static int ioctlResult(int fd, long request, MemorySegment arg) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) IOCTL.invokeExact(state, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r < 0 ? -errno(state) : r;
    }

    /** {@code mmap(2)} of {@code length} bytes at {@code offset} of {@code fd}; returns the address. */
    public static long mmap(int fd, String path, long length, int prot, long offset) {
        MemorySegment state = STATE.get();
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (address.address() == -1L) {
            throw Errno.failed(path, "mmap", errno(state));
        }
        return address.address();
    }

    /** {@code munmap(2)}. */
    public static void munmap(long address, long length, String path) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(path, "munmap", errno(state));
        }
    }

    /**
     * {@code poll(2)} on {@code count} {@link #POLLFD}s: the number ready, or minus the errno
     * (learned by polling again with errno capture). Allocates nothing when the call succeeds.
     */
    public static int pollErrno(MemorySegment pollfds, int count, int timeoutMillis) {
        int r;
        try {
            r = (int) POLL_NO_ERRNO.invokeExact(pollfds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r >= 0) {
            return r;
        }
        MemorySegment state = STATE.get();
        try {
            r = (int) POLL.invokeExact(state, pollfds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r < 0 ? -errno(state) : r;
    }

    /** {@code memfd_create(2)}: an anonymous file in memory; returns its fd. */
    public static int memfdCreate(String name, int flags) {
        MemorySegment state = STATE.get();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("memfd " + name, "memfd_create", errno(state));
        }
        return fd;
    }

    /** {@code ftruncate(2)}. */
    public static void ftruncate(int fd, long length, String name) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) FTRUNCATE.invokeExact(state, fd, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "ftruncate", errno(state));
        }
    }

    /** {@code fcntl(2)} with an int argument; returns the result. */
    public static int fcntl(int fd, int command, int argument, String name) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) FCNTL.invokeExact(state, fd, command, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "fcntl", errno(state));
        }
        return r;
    }

    /** {@code eventfd(2)}; returns the new fd. */
    public static int eventfd(int initialValue, int flags) {
        MemorySegment state = STATE.get();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(state, initialValue, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("eventfd", "eventfd", errno(state));
        }
        return fd;
    }

    /**
     * {@code eventfd_write(3)}: adds {@code value} to the counter. Returns false when it failed
     * (only possible on a closed fd or a counter overflow); allocates nothing.
     */
    public static boolean eventfdWrite(int fd, long value) {
        try {
            return (int) EVENTFD_WRITE_NO_ERRNO.invokeExact(fd, value) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code eventfd_read(3)} into the 8 bytes of {@code value}: resets the counter. Returns
     * false when the counter was 0 (non-blocking fd); allocates nothing.
     */
    public static boolean eventfdRead(int fd, MemorySegment value) {
        try {
            return (int) EVENTFD_READ_NO_ERRNO.invokeExact(fd, value) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code inotify_init1(2)}; returns the new fd. */
    public static int inotifyInit(int flags) {
        MemorySegment state = STATE.get();
        int fd;
        try {
            fd = (int) INOTIFY_INIT1.invokeExact(state, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("inotify", "inotify_init1", errno(state));
        }
        return fd;
    }

    /** {@code inotify_add_watch(2)} on {@code path}; returns the watch descriptor. */
    public static int inotifyAddWatch(int fd, String path, int mask) {
        MemorySegment state = STATE.get();
        int wd;
        try (Arena arena = Arena.ofConfined()) {
            wd = (int) INOTIFY_ADD_WATCH.invokeExact(state, fd, arena.allocateFrom(path), mask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (wd < 0) {
            throw Errno.failed(path, "inotify_add_watch", errno(state));
        }
        return wd;
    }

    /** {@code epoll_create1(2)}; returns the new fd. */
    public static int epollCreate(int flags) {
        MemorySegment state = STATE.get();
        int fd;
        try {
            fd = (int) EPOLL_CREATE1.invokeExact(state, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("epoll", "epoll_create1", errno(state));
        }
        return fd;
    }

    /** {@code epoll_ctl(2)}: 0 or the errno. {@code event} is an {@code epoll_event} (ignored for DEL). */
    public static int epollCtlErrno(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r < 0 ? errno(state) : 0;
    }

    /**
     * {@code epoll_wait(2)} into {@code events} (room for {@code max}): the number ready, or minus
     * the errno. As {@link #pollErrno}, the errno is learned by a second call only after a failure
     * (which consumes no event), so a successful wait allocates nothing.
     */
    public static int epollWaitErrno(int epfd, MemorySegment events, int max, int timeoutMillis) {
        int r;
        try {
            r = (int) EPOLL_WAIT_NO_ERRNO.invokeExact(epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r >= 0) {
            return r;
        }
        MemorySegment state = STATE.get();
        try {
            r = (int) EPOLL_WAIT.invokeExact(state, epfd, events, max, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r < 0 ? -errno(state) : r;
    }

    /** {@code read(2)} into {@code buffer}: the bytes read, or minus the errno (EAGAIN on an empty non-blocking fd). */
    public static long read(int fd, MemorySegment buffer) {
        MemorySegment state = STATE.get();
        long n;
        try {
            n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return n < 0 ? -errno(state) : n;
    }

    /** {@code size} rounded up to whole pages, as mmap, USERPTR and dma-buf allocations need. */
    public static long pageAlign(long size) {
        return (size + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    private static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code strerror(3)}. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
