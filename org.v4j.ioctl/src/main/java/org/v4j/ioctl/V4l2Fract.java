package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;

/** {@code struct v4l2_fract}: a fraction, such as a frame interval in seconds (1/30). */
public final class V4l2Fract {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_fract",
            JAVA_INT.withName("numerator"),
            JAVA_INT.withName("denominator"));

    private V4l2Fract() {}
}
