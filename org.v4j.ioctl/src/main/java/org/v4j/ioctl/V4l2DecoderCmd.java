package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_decoder_cmd}: VIDIOC_DECODER_CMD, how a stateful decoder is drained
 * ({@code V4L2_DEC_CMD_STOP}: the last CAPTURE buffer comes back with {@code V4L2_BUF_FLAG_LAST})
 * and restarted.
 * <pre>{@code
 * struct v4l2_decoder_cmd {
 *     __u32 cmd; __u32 flags;
 *     union { struct { __u64 pts; } stop; struct { __s32 speed; __u32 format; } start;
 *             struct { __u32 data[16]; } raw; };
 * };
 * }</pre>
 */
public final class V4l2DecoderCmd {
    public static final int DEC_CMD_START = 0, DEC_CMD_STOP = 1, DEC_CMD_PAUSE = 2, DEC_CMD_RESUME = 3,
            DEC_CMD_FLUSH = 4;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_decoder_cmd",
            JAVA_INT.withName("cmd"),
            JAVA_INT.withName("flags"),
            unionLayout(
                    structLayout(JAVA_LONG.withName("pts")).withName("stop"),
                    structLayout(JAVA_INT.withName("speed"), JAVA_INT.withName("format")).withName("start"),
                    structLayout(sequenceLayout(16, JAVA_INT).withName("data")).withName("raw")));

    public static final VarHandle CMD = Layouts.field(LAYOUT, "cmd");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");

    private V4l2DecoderCmd() {}
}
