package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One typed method per V4L2 ioctl. Each takes the open device and the argument struct (laid out
 * by the matching {@code V4l2*} class) and throws a {@link V4l2Exception} that keeps the errno,
 * except where an errno is an expected answer (end of an enumeration, no buffer ready yet).
 */
public final class Vidioc {
    public static final Ioctl QUERYCAP = Ioctl.ior("VIDIOC_QUERYCAP", 'V', 0, V4l2Capability.LAYOUT);
    public static final Ioctl ENUM_FMT = Ioctl.iowr("VIDIOC_ENUM_FMT", 'V', 2, V4l2Fmtdesc.LAYOUT);
    public static final Ioctl G_FMT = Ioctl.iowr("VIDIOC_G_FMT", 'V', 4, V4l2Format.LAYOUT);
    public static final Ioctl S_FMT = Ioctl.iowr("VIDIOC_S_FMT", 'V', 5, V4l2Format.LAYOUT);
    public static final Ioctl REQBUFS = Ioctl.iowr("VIDIOC_REQBUFS", 'V', 8, V4l2Requestbuffers.LAYOUT);
    public static final Ioctl QUERYBUF = Ioctl.iowr("VIDIOC_QUERYBUF", 'V', 9, V4l2Buffer.LAYOUT);
    public static final Ioctl QBUF = Ioctl.iowr("VIDIOC_QBUF", 'V', 15, V4l2Buffer.LAYOUT);
    public static final Ioctl EXPBUF = Ioctl.iowr("VIDIOC_EXPBUF", 'V', 16, V4l2Exportbuffer.LAYOUT);
    public static final Ioctl DQBUF = Ioctl.iowr("VIDIOC_DQBUF", 'V', 17, V4l2Buffer.LAYOUT);
    public static final Ioctl STREAMON = Ioctl.iow("VIDIOC_STREAMON", 'V', 18, JAVA_INT);
    public static final Ioctl STREAMOFF = Ioctl.iow("VIDIOC_STREAMOFF", 'V', 19, JAVA_INT);
    public static final Ioctl TRY_FMT = Ioctl.iowr("VIDIOC_TRY_FMT", 'V', 64, V4l2Format.LAYOUT);

    /** Every request defined here, for the conformance test against the C header. */
    public static final List<Ioctl> ALL = List.of(QUERYCAP, ENUM_FMT, G_FMT, S_FMT, REQBUFS, QUERYBUF, QBUF,
            EXPBUF, DQBUF, STREAMON, STREAMOFF, TRY_FMT);

    private Vidioc() {}

    /** VIDIOC_QUERYCAP into a {@link V4l2Capability}. */
    public static void querycap(DeviceFd fd, MemorySegment capability) {
        fd.ioctl(QUERYCAP, capability);
    }

    /** VIDIOC_ENUM_FMT; false (EINVAL) past the last format. */
    public static boolean enumFmt(DeviceFd fd, MemorySegment fmtdesc) {
        int errno = fd.ioctlErrno(ENUM_FMT, fmtdesc);
        if (errno == Errno.EINVAL) {
            return false;
        }
        check(fd, ENUM_FMT, errno);
        return true;
    }

    /** VIDIOC_G_FMT into a {@link V4l2Format} whose type is set. */
    public static void gFmt(DeviceFd fd, MemorySegment format) {
        fd.ioctl(G_FMT, format);
    }

    /** VIDIOC_S_FMT; the driver adjusts the format to what it can do and writes it back. */
    public static void sFmt(DeviceFd fd, MemorySegment format) {
        fd.ioctl(S_FMT, format);
    }

    /** VIDIOC_TRY_FMT: like S_FMT without changing the device. */
    public static void tryFmt(DeviceFd fd, MemorySegment format) {
        fd.ioctl(TRY_FMT, format);
    }

    /** VIDIOC_REQBUFS; the granted count is written back into the struct. */
    public static void reqbufs(DeviceFd fd, MemorySegment requestbuffers) {
        fd.ioctl(REQBUFS, requestbuffers);
    }

    /** VIDIOC_QUERYBUF. */
    public static void querybuf(DeviceFd fd, MemorySegment buffer) {
        fd.ioctl(QUERYBUF, buffer);
    }

    /** VIDIOC_QBUF: hands the buffer to the driver. Returns 0 or the errno; allocates nothing when it succeeds. */
    public static int qbuf(DeviceFd fd, MemorySegment buffer) {
        return fd.ioctlRepeatableErrno(QBUF, buffer);
    }

    /**
     * VIDIOC_DQBUF: takes a filled buffer back. Returns 0, or the errno (EAGAIN: none ready yet);
     * allocates nothing when it succeeds.
     */
    public static int dqbuf(DeviceFd fd, MemorySegment buffer) {
        return fd.ioctlRepeatableErrno(DQBUF, buffer);
    }

    /** VIDIOC_EXPBUF: exports a plane of an MMAP buffer as a dma-buf fd, written back into the struct. */
    public static void expbuf(DeviceFd fd, MemorySegment exportbuffer) {
        fd.ioctl(EXPBUF, exportbuffer);
    }

    /** VIDIOC_STREAMON for a buffer type. */
    public static void streamon(DeviceFd fd, int bufferType) {
        withInt(fd, STREAMON, bufferType);
    }

    /** VIDIOC_STREAMOFF for a buffer type: the driver gives every queued buffer back. */
    public static void streamoff(DeviceFd fd, int bufferType) {
        withInt(fd, STREAMOFF, bufferType);
    }

    /** Throws for a non-zero errno returned by a call on {@code fd}. */
    public static void check(DeviceFd fd, Ioctl request, int errno) {
        if (errno != 0) {
            throw V4l2Exception.failed(fd.path(), request.name(), errno);
        }
    }

    private static void withInt(DeviceFd fd, Ioctl request, int value) {
        try (Arena arena = Arena.ofConfined()) {
            fd.ioctl(request, arena.allocateFrom(JAVA_INT, value));
        }
    }
}
