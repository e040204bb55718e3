package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * The core of the syscall layer: the linker, the one errno capture every downcall shares and its
 * per-thread buffer, {@code strerror}, {@code open}, {@code close}, {@code read} and the page
 * size. The other facilities ({@link Mman}, {@link Memfd}, {@link Inotify}, {@link Epoll},
 * {@link EventFd}, {@link Ioctl}) link their calls through {@link #downcall} and
 * {@link #downcallWithoutErrno}. The errno convention is the package's (see package-info).
 */
public final class Syscalls {
    public static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;

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
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle LSEEK = downcall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    /** {@code whence} of lseek(2): from the end. */
    public static final int SEEK_END = 2;
    private static final MethodHandle SYSCONF = downcallWithoutErrno("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle STRERROR = downcallWithoutErrno("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final int SC_PAGESIZE = 30;

    /** The kernel's page size (4 KiB on x86-64, 4, 16 or 64 KiB on arm64). */
    public static final long PAGE_SIZE = pageSize();

    private Syscalls() {}

    /**
     * The C library function {@code name}, linked to capture errno: the handle takes the calling
     * thread's {@link #state()} first. {@code options} are added to the capture.
     */
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return downcallWithoutErrno(name, descriptor, all);
    }

    /**
     * The C library function {@code name}, linked without errno capture: for calls that cannot
     * fail and for the first try of a hot-path call, which repeats through {@link #downcall} to
     * learn the errno only after a failure.
     */
    static MethodHandle downcallWithoutErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, options);
    }

    /** The calling thread's capture buffer, to pass first to a {@link #downcall} handle. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno a {@link #downcall} captured into {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state);
    }

    /** What a downcall threw (nothing but an error of the JVM), as an unchecked exception to throw. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /**
     * open(2): returns the new fd.
     * {@snippet lang=c :
     * int open(const char *pathname, int flags);
     * }
     */
    public static int open(String path, int flags) {
        MemorySegment state = state();
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

    /**
     * close(2); {@code name} names the fd in the error.
     * {@snippet lang=c :
     * int close(int fd);
     * }
     */
    public static void close(int fd, String name) {
        MemorySegment state = state();
        int r;
        try {
            r = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "close", errno(state));
        }
    }

    /**
     * read(2) into {@code buffer}: the bytes read, 0 at end of file or when a non-blocking fd has nothing
     * to read (EAGAIN).
     * {@snippet lang=c :
     * ssize_t read(int fd, void *buf, size_t count);
     * }
     */
    public static long read(int fd, String name, MemorySegment buffer) {
        MemorySegment state = state();
        long n;
        try {
            n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (n >= 0) {
            return n;
        }
        int errno = errno(state);
        if (errno == Errno.EAGAIN) {
            return 0;
        }
        throw Errno.failed(name, "read", errno);
    }

    /**
     * The size of what {@code fd} refers to, from lseek(2) to its end: for a dma-buf, its size in
     * bytes (dma-bufs answer SEEK_END with it); {@code name} names the fd in the error.
     */
    public static long size(int fd, String name) {
        MemorySegment state = state();
        long r;
        try {
            r = (long) LSEEK.invokeExact(state, fd, 0L, SEEK_END);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "lseek", errno(state));
        }
        return r;
    }

    /** {@code size} rounded up to whole pages, as mmap, USERPTR and dma-buf allocations need. */
    public static long pageAlign(long size) {
        return (size + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    /**
     * sysconf(3) of {@code _SC_PAGESIZE}, which cannot fail.
     * {@snippet lang=c :
     * long sysconf(int name);
     * }
     */
    private static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * strerror(3): the C library's text for {@code errno}.
     * {@snippet lang=c :
     * char *strerror(int errnum);
     * }
     */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
