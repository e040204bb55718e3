package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_ext_controls}: an array of {@link V4l2ExtControl}s to get, set or try at once. */
public final class V4l2ExtControls {
    /** {@code V4L2_CTRL_WHICH_CUR_VAL}: current values. */
    public static final int WHICH_CUR_VAL = 0;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_ext_controls",
            unionLayout(JAVA_INT.withName("ctrl_class"), JAVA_INT.withName("which")),
            JAVA_INT.withName("count"),
            JAVA_INT.withName("error_idx"),
            JAVA_INT.withName("request_fd"),
            sequenceLayout(1, JAVA_INT).withName("reserved"),
            paddingLayout(4),
            ADDRESS.withName("controls"));

    public static final VarHandle WHICH = Layouts.field(LAYOUT, "which");
    public static final VarHandle COUNT = Layouts.field(LAYOUT, "count");
    public static final VarHandle ERROR_IDX = Layouts.field(LAYOUT, "error_idx");
    public static final VarHandle CONTROLS = Layouts.field(LAYOUT, "controls");

    private V4l2ExtControls() {}
}
