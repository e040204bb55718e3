package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Anonymous files in memory (the backing of a udmabuf): memfd_create(2), sized with
 * ftruncate(2) and sealed with fcntl(2) so that the memory under a dma-buf cannot shrink.
 */
public final class Memfd {
    public static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, F_ADD_SEALS = 1033, F_SEAL_SHRINK = 2;

    private static final MethodHandle MEMFD_CREATE = Syscalls.downcall("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = Syscalls.downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FCNTL = Syscalls.downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private Memfd() {}

    /**
     * memfd_create(2): a new anonymous file in memory; returns its fd.
     * {@snippet lang=c :
     * int memfd_create(const char *name, unsigned int flags);
     * }
     */
    public static int create(String name, int flags) {
        MemorySegment state = Syscalls.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), flags);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("memfd " + name, "memfd_create", Syscalls.errno(state));
        }
        return fd;
    }

    /**
     * ftruncate(2): sets the size of {@code fd} ({@code name} names it in errors).
     * {@snippet lang=c :
     * int ftruncate(int fd, off_t length);
     * }
     */
    public static void ftruncate(int fd, String name, long length) {
        MemorySegment state = Syscalls.state();
        int r;
        try {
            r = (int) FTRUNCATE.invokeExact(state, fd, length);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "ftruncate", Syscalls.errno(state));
        }
    }

    /**
     * fcntl(2) with an int argument (F_ADD_SEALS); returns the result.
     * {@snippet lang=c :
     * int fcntl(int fd, int cmd, int arg);
     * }
     */
    public static int fcntl(int fd, String name, int command, int argument) {
        MemorySegment state = Syscalls.state();
        int r;
        try {
            r = (int) FCNTL.invokeExact(state, fd, command, argument);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "fcntl", Syscalls.errno(state));
        }
        return r;
    }
}
