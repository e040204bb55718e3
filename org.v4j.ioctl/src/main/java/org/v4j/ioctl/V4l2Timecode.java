package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;

/** {@code struct v4l2_timecode}, embedded in {@link V4l2Buffer}. */
public final class V4l2Timecode {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_timecode",
            JAVA_INT.withName("type"),
            JAVA_INT.withName("flags"),
            JAVA_BYTE.withName("frames"),
            JAVA_BYTE.withName("seconds"),
            JAVA_BYTE.withName("minutes"),
            JAVA_BYTE.withName("hours"),
            sequenceLayout(4, JAVA_BYTE).withName("userbits"));

    private V4l2Timecode() {}
}
