package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_event}: what VIDIOC_DQEVENT returns (control change, source change, EOS, frame sync...). */
public final class V4l2Event {
    /** {@code V4L2_EVENT_*}: the event types. */
    public static final int EVENT_VSYNC = 1, EVENT_EOS = 2, EVENT_CTRL = 3, EVENT_FRAME_SYNC = 4,
            EVENT_SOURCE_CHANGE = 5, EVENT_MOTION_DET = 6;
    /** {@code V4L2_EVENT_CTRL_CH_*}: what changed in a control event. */
    public static final int CTRL_CH_VALUE = 0x1, CTRL_CH_FLAGS = 0x2, CTRL_CH_RANGE = 0x4, CTRL_CH_DIMENSIONS = 0x8;
    /** {@code V4L2_EVENT_SRC_CH_*}: what changed in a source change event. */
    public static final int SRC_CH_RESOLUTION = 0x1;

    public static final StructLayout CTRL_LAYOUT = Layouts.struct("v4l2_event_ctrl",
            JAVA_INT.withName("changes"),
            JAVA_INT.withName("type"),
            unionLayout(JAVA_INT.withName("value"), JAVA_LONG.withName("value64")),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("minimum"),
            JAVA_INT.withName("maximum"),
            JAVA_INT.withName("step"),
            JAVA_INT.withName("default_value"),
            paddingLayout(4));

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_event",
            JAVA_INT.withName("type"),
            paddingLayout(4),
            unionLayout(CTRL_LAYOUT.withName("ctrl"),
                    structLayout(JAVA_INT.withName("frame_sequence")).withName("frame_sync"),
                    structLayout(JAVA_INT.withName("changes")).withName("src_change"),
                    sequenceLayout(64, JAVA_BYTE).withName("data")).withName("u"),
            JAVA_INT.withName("pending"),
            JAVA_INT.withName("sequence"),
            structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec")).withName("timestamp"),
            JAVA_INT.withName("id"),
            sequenceLayout(8, JAVA_INT).withName("reserved"),
            paddingLayout(4));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle CTRL_CHANGES = Layouts.field(LAYOUT, "u.ctrl.changes");
    public static final VarHandle CTRL_VALUE64 = Layouts.field(LAYOUT, "u.ctrl.value64");
    public static final VarHandle CTRL_VALUE = Layouts.field(LAYOUT, "u.ctrl.value");
    public static final VarHandle CTRL_TYPE = Layouts.field(LAYOUT, "u.ctrl.type");
    public static final VarHandle FRAME_SEQUENCE = Layouts.field(LAYOUT, "u.frame_sync.frame_sequence");
    public static final VarHandle SRC_CHANGES = Layouts.field(LAYOUT, "u.src_change.changes");
    public static final VarHandle PENDING = Layouts.field(LAYOUT, "pending");
    public static final VarHandle SEQUENCE = Layouts.field(LAYOUT, "sequence");
    public static final VarHandle TV_SEC = Layouts.field(LAYOUT, "timestamp.tv_sec");
    public static final VarHandle TV_NSEC = Layouts.field(LAYOUT, "timestamp.tv_nsec");
    public static final VarHandle ID = Layouts.field(LAYOUT, "id");

    private V4l2Event() {}
}
