package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_event_subscription}: VIDIOC_SUBSCRIBE_EVENT / UNSUBSCRIBE_EVENT. */
public final class V4l2EventSubscription {
    /** {@code V4L2_EVENT_SUB_FL_SEND_INITIAL}: queue the current state at once (control events). */
    public static final int FLAG_SEND_INITIAL = 1;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_event_subscription",
            JAVA_INT.withName("type"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("flags"),
            sequenceLayout(5, JAVA_INT).withName("reserved"));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle ID = Layouts.field(LAYOUT, "id");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");

    private V4l2EventSubscription() {}
}
