package org.v4j.ioctl;

import java.util.Map;
import org.v4j.api.V4l2Exception;

/**
 * Symbolic names of Linux errno values (asm-generic numbering, shared by x86-64 and arm64), so
 * that errors say {@code ENOTTY} rather than 25.
 */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EBADF = 9, EAGAIN = 11, EACCES = 13,
            EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, ENOTTY = 25, ERANGE = 34;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(3, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(5, "EIO"), Map.entry(6, "ENXIO"),
            Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"), Map.entry(EBADF, "EBADF"),
            Map.entry(10, "ECHILD"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(EACCES, "EACCES"), Map.entry(EFAULT, "EFAULT"), Map.entry(15, "ENOTBLK"),
            Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(18, "EXDEV"),
            Map.entry(ENODEV, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"),
            Map.entry(ENOTTY, "ENOTTY"), Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"),
            Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"), Map.entry(30, "EROFS"),
            Map.entry(32, "EPIPE"), Map.entry(ERANGE, "ERANGE"), Map.entry(38, "ENOSYS"),
            Map.entry(61, "ENODATA"), Map.entry(75, "EOVERFLOW"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(110, "ETIMEDOUT"));

    private Errno() {}

    /** The symbol for {@code errno}, or {@code "errno N"} for one this table does not know. */
    public static String name(int errno) {
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }

    /** A call on {@code device} that failed with {@code errno}, described by the C library's text for it. */
    public static V4l2Exception failed(String device, String call, int errno) {
        String text = describe(errno);
        String problem = text.isEmpty() ? "failed" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
        return exception(problem, device, call, errno);
    }

    /** A call on {@code device} that failed with {@code errno}, told as {@code problem}. */
    public static V4l2Exception exception(String problem, String device, String call, int errno) {
        return new V4l2Exception(problem, device, call, errno, name(errno), null);
    }

    /** The C library's text for {@code errno} ({@code strerror}). */
    public static String describe(int errno) {
        return Syscalls.strerror(errno);
    }
}
