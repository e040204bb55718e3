package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_selection}: VIDIOC_G/S_SELECTION, a crop or compose rectangle. */
public final class V4l2Selection {
    /** {@code V4L2_SEL_TGT_*}. */
    public static final int TGT_CROP = 0, TGT_CROP_BOUNDS = 2, TGT_COMPOSE = 0x100, TGT_COMPOSE_BOUNDS = 0x102;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_selection",
            JAVA_INT.withName("type"),
            JAVA_INT.withName("target"),
            JAVA_INT.withName("flags"),
            structLayout(JAVA_INT.withName("left"), JAVA_INT.withName("top"), JAVA_INT.withName("width"),
                    JAVA_INT.withName("height")).withName("r"),
            sequenceLayout(9, JAVA_INT).withName("reserved"));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle TARGET = Layouts.field(LAYOUT, "target");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle LEFT = Layouts.field(LAYOUT, "r.left");
    public static final VarHandle TOP = Layouts.field(LAYOUT, "r.top");
    public static final VarHandle WIDTH = Layouts.field(LAYOUT, "r.width");
    public static final VarHandle HEIGHT = Layouts.field(LAYOUT, "r.height");

    private V4l2Selection() {}
}
