package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_encoder_cmd}: VIDIOC_ENCODER_CMD, how a stateful encoder is drained
 * ({@code V4L2_ENC_CMD_STOP}: the last CAPTURE buffer comes back with {@code V4L2_BUF_FLAG_LAST})
 * and restarted.
 * <pre>{@code
 * struct v4l2_encoder_cmd { __u32 cmd; __u32 flags; union { struct { __u32 data[8]; } raw; }; };
 * }</pre>
 */
public final class V4l2EncoderCmd {
    public static final int ENC_CMD_START = 0, ENC_CMD_STOP = 1, ENC_CMD_PAUSE = 2, ENC_CMD_RESUME = 3;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_encoder_cmd",
            JAVA_INT.withName("cmd"),
            JAVA_INT.withName("flags"),
            unionLayout(structLayout(sequenceLayout(8, JAVA_INT).withName("data")).withName("raw")));

    public static final VarHandle CMD = Layouts.field(LAYOUT, "cmd");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");

    private V4l2EncoderCmd() {}
}
