package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_frmsizeenum}: one entry of VIDIOC_ENUM_FRAMESIZES (discrete, or one stepwise/continuous range). */
public final class V4l2Frmsizeenum {
    public static final int TYPE_DISCRETE = 1, TYPE_CONTINUOUS = 2;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_frmsizeenum",
            JAVA_INT.withName("index"),
            JAVA_INT.withName("pixel_format"),
            JAVA_INT.withName("type"),
            unionLayout(
                    structLayout(JAVA_INT.withName("width"), JAVA_INT.withName("height")).withName("discrete"),
                    structLayout(JAVA_INT.withName("min_width"), JAVA_INT.withName("max_width"),
                            JAVA_INT.withName("step_width"), JAVA_INT.withName("min_height"),
                            JAVA_INT.withName("max_height"), JAVA_INT.withName("step_height")).withName("stepwise")),
            sequenceLayout(2, JAVA_INT).withName("reserved"));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle PIXEL_FORMAT = Layouts.field(LAYOUT, "pixel_format");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle DISCRETE_WIDTH = Layouts.field(LAYOUT, "discrete.width");
    public static final VarHandle DISCRETE_HEIGHT = Layouts.field(LAYOUT, "discrete.height");
    public static final VarHandle MIN_WIDTH = Layouts.field(LAYOUT, "stepwise.min_width");
    public static final VarHandle MAX_WIDTH = Layouts.field(LAYOUT, "stepwise.max_width");
    public static final VarHandle STEP_WIDTH = Layouts.field(LAYOUT, "stepwise.step_width");
    public static final VarHandle MIN_HEIGHT = Layouts.field(LAYOUT, "stepwise.min_height");
    public static final VarHandle MAX_HEIGHT = Layouts.field(LAYOUT, "stepwise.max_height");
    public static final VarHandle STEP_HEIGHT = Layouts.field(LAYOUT, "stepwise.step_height");

    private V4l2Frmsizeenum() {}
}
