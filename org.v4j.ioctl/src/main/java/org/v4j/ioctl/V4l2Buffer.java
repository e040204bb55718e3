package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_buffer}: what QUERYBUF, QBUF and DQBUF exchange. For multi-planar queues
 * {@code m.planes} points at an array of {@link V4l2Plane} and {@code length} counts them.
 */
public final class V4l2Buffer {
    public static final int FLAG_ERROR = 0x40;
    /** The last buffer of a drained stream (after ENC/DEC_CMD_STOP) or before a decoder's resolution change. */
    public static final int FLAG_LAST = 0x00100000;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_buffer",
            JAVA_INT.withName("index"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("bytesused"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("field"),
            paddingLayout(4),
            structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec")).withName("timestamp"),
            V4l2Timecode.LAYOUT.withName("timecode"),
            JAVA_INT.withName("sequence"),
            JAVA_INT.withName("memory"),
            unionLayout(JAVA_INT.withName("offset"), JAVA_LONG.withName("userptr"),
                    ADDRESS.withName("planes"), JAVA_INT.withName("fd")).withName("m"),
            JAVA_INT.withName("length"),
            JAVA_INT.withName("reserved2"),
            unionLayout(JAVA_INT.withName("request_fd"), JAVA_INT.withName("reserved")),
            paddingLayout(4));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle BYTESUSED = Layouts.field(LAYOUT, "bytesused");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle FIELD = Layouts.field(LAYOUT, "field");
    public static final VarHandle TV_SEC = Layouts.field(LAYOUT, "timestamp.tv_sec");
    public static final VarHandle TV_USEC = Layouts.field(LAYOUT, "timestamp.tv_usec");
    public static final VarHandle SEQUENCE = Layouts.field(LAYOUT, "sequence");
    public static final VarHandle MEMORY = Layouts.field(LAYOUT, "memory");
    public static final VarHandle M_OFFSET = Layouts.field(LAYOUT, "m.offset");
    public static final VarHandle M_USERPTR = Layouts.field(LAYOUT, "m.userptr");
    public static final VarHandle M_PLANES = Layouts.field(LAYOUT, "m.planes");
    public static final VarHandle M_FD = Layouts.field(LAYOUT, "m.fd");
    public static final VarHandle LENGTH = Layouts.field(LAYOUT, "length");

    private V4l2Buffer() {}
}
