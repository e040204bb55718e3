package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_frmivalenum}: one entry of VIDIOC_ENUM_FRAMEINTERVALS for a format and size. */
public final class V4l2Frmivalenum {
    public static final int TYPE_DISCRETE = 1, TYPE_CONTINUOUS = 2;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_frmivalenum",
            JAVA_INT.withName("index"),
            JAVA_INT.withName("pixel_format"),
            JAVA_INT.withName("width"),
            JAVA_INT.withName("height"),
            JAVA_INT.withName("type"),
            unionLayout(
                    V4l2Fract.LAYOUT.withName("discrete"),
                    structLayout(V4l2Fract.LAYOUT.withName("min"), V4l2Fract.LAYOUT.withName("max"),
                            V4l2Fract.LAYOUT.withName("step")).withName("stepwise")),
            sequenceLayout(2, JAVA_INT).withName("reserved"));

    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle PIXEL_FORMAT = Layouts.field(LAYOUT, "pixel_format");
    public static final VarHandle WIDTH = Layouts.field(LAYOUT, "width");
    public static final VarHandle HEIGHT = Layouts.field(LAYOUT, "height");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle DISCRETE_NUMERATOR = Layouts.field(LAYOUT, "discrete.numerator");
    public static final VarHandle DISCRETE_DENOMINATOR = Layouts.field(LAYOUT, "discrete.denominator");
    public static final VarHandle MIN_NUMERATOR = Layouts.field(LAYOUT, "stepwise.min.numerator");
    public static final VarHandle MIN_DENOMINATOR = Layouts.field(LAYOUT, "stepwise.min.denominator");
    public static final VarHandle MAX_NUMERATOR = Layouts.field(LAYOUT, "stepwise.max.numerator");
    public static final VarHandle MAX_DENOMINATOR = Layouts.field(LAYOUT, "stepwise.max.denominator");
    public static final VarHandle STEP_NUMERATOR = Layouts.field(LAYOUT, "stepwise.step.numerator");
    public static final VarHandle STEP_DENOMINATOR = Layouts.field(LAYOUT, "stepwise.step.denominator");

    private V4l2Frmivalenum() {}
}
