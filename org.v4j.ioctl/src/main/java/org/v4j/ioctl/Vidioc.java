package org.v4j.ioctl;

import org.v4j.api.V4l2Exception;
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
    public static final Ioctl G_PARM = Ioctl.iowr("VIDIOC_G_PARM", 'V', 21, V4l2Streamparm.LAYOUT);
    public static final Ioctl S_PARM = Ioctl.iowr("VIDIOC_S_PARM", 'V', 22, V4l2Streamparm.LAYOUT);
    public static final Ioctl ENUMINPUT = Ioctl.iowr("VIDIOC_ENUMINPUT", 'V', 26, V4l2Input.LAYOUT);
    public static final Ioctl G_INPUT = Ioctl.ior("VIDIOC_G_INPUT", 'V', 38, JAVA_INT);
    public static final Ioctl S_INPUT = Ioctl.iowr("VIDIOC_S_INPUT", 'V', 39, JAVA_INT);
    public static final Ioctl G_OUTPUT = Ioctl.ior("VIDIOC_G_OUTPUT", 'V', 46, JAVA_INT);
    public static final Ioctl S_OUTPUT = Ioctl.iowr("VIDIOC_S_OUTPUT", 'V', 47, JAVA_INT);
    public static final Ioctl ENUMOUTPUT = Ioctl.iowr("VIDIOC_ENUMOUTPUT", 'V', 48, V4l2Output.LAYOUT);
    public static final Ioctl TRY_FMT = Ioctl.iowr("VIDIOC_TRY_FMT", 'V', 64, V4l2Format.LAYOUT);
    public static final Ioctl G_EXT_CTRLS = Ioctl.iowr("VIDIOC_G_EXT_CTRLS", 'V', 71, V4l2ExtControls.LAYOUT);
    public static final Ioctl S_EXT_CTRLS = Ioctl.iowr("VIDIOC_S_EXT_CTRLS", 'V', 72, V4l2ExtControls.LAYOUT);
    public static final Ioctl TRY_EXT_CTRLS = Ioctl.iowr("VIDIOC_TRY_EXT_CTRLS", 'V', 73, V4l2ExtControls.LAYOUT);
    public static final Ioctl ENUM_FRAMESIZES = Ioctl.iowr("VIDIOC_ENUM_FRAMESIZES", 'V', 74, V4l2Frmsizeenum.LAYOUT);
    public static final Ioctl ENUM_FRAMEINTERVALS =
            Ioctl.iowr("VIDIOC_ENUM_FRAMEINTERVALS", 'V', 75, V4l2Frmivalenum.LAYOUT);
    public static final Ioctl G_SELECTION = Ioctl.iowr("VIDIOC_G_SELECTION", 'V', 94, V4l2Selection.LAYOUT);
    public static final Ioctl S_SELECTION = Ioctl.iowr("VIDIOC_S_SELECTION", 'V', 95, V4l2Selection.LAYOUT);
    public static final Ioctl QUERY_EXT_CTRL = Ioctl.iowr("VIDIOC_QUERY_EXT_CTRL", 'V', 103, V4l2QueryExtCtrl.LAYOUT);
    public static final Ioctl QUERYMENU = Ioctl.iowr("VIDIOC_QUERYMENU", 'V', 37, V4l2Querymenu.LAYOUT);
    public static final Ioctl DQEVENT = Ioctl.ior("VIDIOC_DQEVENT", 'V', 89, V4l2Event.LAYOUT);
    public static final Ioctl SUBSCRIBE_EVENT = Ioctl.iow("VIDIOC_SUBSCRIBE_EVENT", 'V', 90, V4l2EventSubscription.LAYOUT);
    public static final Ioctl UNSUBSCRIBE_EVENT =
            Ioctl.iow("VIDIOC_UNSUBSCRIBE_EVENT", 'V', 91, V4l2EventSubscription.LAYOUT);
    public static final Ioctl ENCODER_CMD = Ioctl.iowr("VIDIOC_ENCODER_CMD", 'V', 77, V4l2EncoderCmd.LAYOUT);
    public static final Ioctl DECODER_CMD = Ioctl.iowr("VIDIOC_DECODER_CMD", 'V', 96, V4l2DecoderCmd.LAYOUT);

    /** Every request defined here, for the conformance test against the C header. */
    public static final List<Ioctl> ALL = List.of(QUERYCAP, ENUM_FMT, G_FMT, S_FMT, REQBUFS, QUERYBUF, QBUF,
            EXPBUF, DQBUF, STREAMON, STREAMOFF, G_PARM, S_PARM, ENUMINPUT, G_INPUT, S_INPUT, G_OUTPUT, S_OUTPUT,
            ENUMOUTPUT, TRY_FMT, G_EXT_CTRLS, S_EXT_CTRLS, TRY_EXT_CTRLS, ENUM_FRAMESIZES, ENUM_FRAMEINTERVALS,
            G_SELECTION, S_SELECTION, QUERY_EXT_CTRL, QUERYMENU, DQEVENT, SUBSCRIBE_EVENT, UNSUBSCRIBE_EVENT,
            ENCODER_CMD, DECODER_CMD);

    private Vidioc() {}

    /** VIDIOC_QUERYCAP into a {@link V4l2Capability}. */
    public static void querycap(DeviceFd fd, MemorySegment capability) {
        fd.ioctl(QUERYCAP, capability);
    }

    /** VIDIOC_ENUM_FMT; false (EINVAL) past the last format. */
    public static boolean enumFmt(DeviceFd fd, MemorySegment fmtdesc) {
        return enumerate(fd, ENUM_FMT, fmtdesc);
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

    /** One step of an enumeration ioctl (ENUM_FRAMESIZES, ENUMINPUT, QUERY_EXT_CTRL...); false (EINVAL) past the end. */
    public static boolean enumerate(DeviceFd fd, Ioctl request, MemorySegment entry) {
        return ioctlUnless(fd, request, entry, Errno.EINVAL);
    }

    /**
     * Runs an ioctl for which some errnos are answers, not failures (EINVAL past the end of a
     * list, ENOENT when no event is pending, ENOTTY from a node without inputs): false for those,
     * true on success, and a {@link V4l2Exception} for any other errno.
     */
    public static boolean ioctlUnless(DeviceFd fd, Ioctl request, MemorySegment arg, int... answers) {
        int errno = fd.ioctlErrno(request, arg);
        for (int answer : answers) {
            if (errno == answer) {
                return false;
            }
        }
        if (errno != 0) {
            throw Errno.failed(fd.path(), request.name(), errno);
        }
        return true;
    }

    /** VIDIOC_G_PARM into a {@link V4l2Streamparm} whose type is set. */
    public static void gParm(DeviceFd fd, MemorySegment streamparm) {
        fd.ioctl(G_PARM, streamparm);
    }

    /** VIDIOC_S_PARM; the driver writes back the time per frame it chose. */
    public static void sParm(DeviceFd fd, MemorySegment streamparm) {
        fd.ioctl(S_PARM, streamparm);
    }

    /** VIDIOC_G_INPUT or VIDIOC_G_OUTPUT: the current index. */
    public static int getIndex(DeviceFd fd, Ioctl request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            fd.ioctl(request, value);
            return value.get(JAVA_INT, 0);
        }
    }

    /** VIDIOC_S_INPUT or VIDIOC_S_OUTPUT. */
    public static void setIndex(DeviceFd fd, Ioctl request, int index) {
        withInt(fd, request, index);
    }

    /** VIDIOC_G_SELECTION or VIDIOC_S_SELECTION on a {@link V4l2Selection}. */
    public static void selection(DeviceFd fd, Ioctl request, MemorySegment selection) {
        fd.ioctl(request, selection);
    }

    /**
     * VIDIOC_G/S/TRY_EXT_CTRLS on a {@link V4l2ExtControls}; the caller words the failure for the
     * control it concerns from the exception's errno.
     */
    public static void extCtrls(DeviceFd fd, Ioctl request, MemorySegment controls) {
        fd.ioctl(request, controls);
    }

    /** VIDIOC_QUERYMENU; false (EINVAL) for an index the menu skips. */
    public static boolean querymenu(DeviceFd fd, MemorySegment querymenu) {
        return enumerate(fd, QUERYMENU, querymenu);
    }

    /** VIDIOC_SUBSCRIBE_EVENT or VIDIOC_UNSUBSCRIBE_EVENT on a {@link V4l2EventSubscription}. */
    public static void subscription(DeviceFd fd, Ioctl request, MemorySegment subscription) {
        fd.ioctl(request, subscription);
    }

    /** VIDIOC_ENCODER_CMD or VIDIOC_DECODER_CMD with {@code cmd} (a {@code V4L2_ENC_CMD_*} or {@code V4L2_DEC_CMD_*}) and no flags. */
    public static void codecCommand(DeviceFd fd, Ioctl request, int cmd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = arena.allocate(request == ENCODER_CMD ? V4l2EncoderCmd.LAYOUT : V4l2DecoderCmd.LAYOUT);
            c.set(JAVA_INT, 0, cmd);
            fd.ioctl(request, c);
        }
    }

    /** VIDIOC_DQEVENT; false (ENOENT) when no event is pending. */
    public static boolean dqevent(DeviceFd fd, MemorySegment event) {
        return ioctlUnless(fd, DQEVENT, event, Errno.ENOENT);
    }

    private static void withInt(DeviceFd fd, Ioctl request, int value) {
        try (Arena arena = Arena.ofConfined()) {
            fd.ioctl(request, arena.allocateFrom(JAVA_INT, value));
        }
    }
}
