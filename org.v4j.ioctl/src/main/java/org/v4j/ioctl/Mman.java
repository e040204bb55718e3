package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Memory mappings of files (a device's MMAP buffers, a dma-buf): mmap(2) and munmap(2). */
public final class Mman {
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;

    private static final MethodHandle MMAP = Syscalls.downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Syscalls.downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private Mman() {}

    /**
     * mmap(2): a shared mapping of {@code length} bytes at {@code offset} of {@code fd} ({@code name} names
     * it in errors); returns the address.
     * {@snippet lang=c :
     * void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
     * }
     */
    public static long mmap(int fd, String name, long length, int prot, long offset) {
        MemorySegment state = Syscalls.state();
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (address.address() == -1L) {
            throw Errno.failed(name, "mmap", Syscalls.errno(state));
        }
        return address.address();
    }

    /**
     * munmap(2) of a mapping of {@code length} bytes ({@code name} names the mapped file in errors).
     * {@snippet lang=c :
     * int munmap(void *addr, size_t length);
     * }
     */
    public static void munmap(long address, long length, String name) {
        MemorySegment state = Syscalls.state();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (r < 0) {
            throw Errno.failed(name, "munmap", Syscalls.errno(state));
        }
    }
}
