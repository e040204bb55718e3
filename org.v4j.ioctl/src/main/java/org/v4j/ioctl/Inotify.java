package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * inotify(7), with which discovery follows /dev: an fd that becomes readable when a watched
 * directory changes (read it with {@link Syscalls#read}).
 */
public final class Inotify {
    public static final int IN_NONBLOCK = 0x800, IN_CLOEXEC = 0x80000, IN_ATTRIB = 0x4, IN_CREATE = 0x100,
            IN_DELETE = 0x200, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80;

    private static final MethodHandle INOTIFY_INIT1 = Syscalls.downcall("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle INOTIFY_ADD_WATCH = Syscalls.downcall("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private Inotify() {}

    /**
     * inotify_init1(2): a new inotify fd.
     * {@snippet lang=c :
     * int inotify_init1(int flags);
     * }
     */
    public static int init(int flags) {
        MemorySegment state = Syscalls.state();
        int fd;
        try {
            fd = (int) INOTIFY_INIT1.invokeExact(state, flags);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (fd < 0) {
            throw Errno.failed("inotify", "inotify_init1", Syscalls.errno(state));
        }
        return fd;
    }

    /**
     * inotify_add_watch(2): watches {@code path} (which errors name) for {@code mask}; returns the watch descriptor.
     * {@snippet lang=c :
     * int inotify_add_watch(int fd, const char *pathname, uint32_t mask);
     * }
     */
    public static int addWatch(int fd, String path, int mask) {
        MemorySegment state = Syscalls.state();
        int wd;
        try (Arena arena = Arena.ofConfined()) {
            wd = (int) INOTIFY_ADD_WATCH.invokeExact(state, fd, arena.allocateFrom(path), mask);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
        if (wd < 0) {
            throw Errno.failed(path, "inotify_add_watch", Syscalls.errno(state));
        }
        return wd;
    }
}
