package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * An ioctl request: its name from the uapi header and its number, encoded as the kernel's
 * {@code _IOC(dir, type, nr, size)} with the size taken from the argument's layout, so that a
 * wrong layout shows up as a wrong request number (checked against the C header by a test).
 * Also the ioctl(2) downcall itself, run by {@link DeviceFd}, {@link Vidioc} and
 * {@link DmaBufIoctls}.
 */
public record Ioctl(String name, long request) {
    static final int NONE = 0, WRITE = 1, READ = 2;

    private static final FunctionDescriptor IOCTL_TYPE = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle IOCTL = Syscalls.downcall("ioctl", IOCTL_TYPE, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_WITHOUT_ERRNO =
            Syscalls.downcallWithoutErrno("ioctl", IOCTL_TYPE, Linker.Option.firstVariadicArg(2));

    static Ioctl of(String name, int direction, char type, int nr, long size) {
        long request = ((long) direction << 30) | (size << 16) | ((long) type << 8) | nr;
        return new Ioctl(name, request & 0xffffffffL);
    }

    /** {@code _IOR}: the kernel writes the argument. */
    static Ioctl ior(String name, char type, int nr, MemoryLayout arg) {
        return of(name, READ, type, nr, arg.byteSize());
    }

    /** {@code _IOW}: the kernel reads the argument. */
    static Ioctl iow(String name, char type, int nr, MemoryLayout arg) {
        return of(name, WRITE, type, nr, arg.byteSize());
    }

    /** {@code _IOWR}: both ways. */
    static Ioctl iowr(String name, char type, int nr, MemoryLayout arg) {
        return of(name, READ | WRITE, type, nr, arg.byteSize());
    }

    /**
     * ioctl(2): this request on {@code fd} ({@code device} names it in errors): returns the result (0, or a
     * new fd for requests that create one), throws for any errno.
     * {@snippet lang=c :
     * int ioctl(int fd, unsigned long request, void *arg);
     * }
     */
    int call(int fd, String device, MemorySegment arg) {
        MemorySegment state = Syscalls.state();
        int r = ioctl(state, fd, arg);
        if (r < 0) {
            throw Errno.failed(device, name, Syscalls.errno(state));
        }
        return r;
    }

    /**
     * ioctl(2) for requests whose errno the caller interprets (see {@link DeviceFd#ioctlErrno}): 0 on
     * success, else the errno.
     * {@snippet lang=c :
     * int ioctl(int fd, unsigned long request, void *arg);
     * }
     */
    int errno(int fd, MemorySegment arg) {
        MemorySegment state = Syscalls.state();
        return ioctl(state, fd, arg) < 0 ? Syscalls.errno(state) : 0;
    }

    /**
     * ioctl(2) for the hot path's requests, which change nothing when they fail (QBUF, DQBUF): 0 on success,
     * else the errno, learned by running the request again with errno capture. Allocates nothing
     * when it succeeds.
     * {@snippet lang=c :
     * int ioctl(int fd, unsigned long request, void *arg);
     * }
     */
    int repeatable(int fd, MemorySegment arg) {
        int r;
        try {
            r = (int) IOCTL_WITHOUT_ERRNO.invokeExact(fd, request, arg);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        return r < 0 ? errno(fd, arg) : 0;
    }

    private int ioctl(MemorySegment state, int fd, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(state, fd, request, arg);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    @Override
    public String toString() {
        return name + String.format("(0x%08x)", request);
    }
}
