package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_streamparm}: VIDIOC_G/S_PARM, the frame rate as time per frame. Capture and
 * output parameters have the same shape up to the time per frame, so one set of handles serves both.
 */
public final class V4l2Streamparm {
    /** {@code V4L2_CAP_TIMEPERFRAME}: the driver lets the time per frame be set. */
    public static final int CAP_TIMEPERFRAME = 0x1000;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_streamparm",
            JAVA_INT.withName("type"),
            unionLayout(
                    structLayout(JAVA_INT.withName("capability"), JAVA_INT.withName("capturemode"),
                            V4l2Fract.LAYOUT.withName("timeperframe"), JAVA_INT.withName("extendedmode"),
                            JAVA_INT.withName("readbuffers"), sequenceLayout(4, JAVA_INT).withName("reserved"))
                            .withName("capture"),
                    structLayout(JAVA_INT.withName("capability"), JAVA_INT.withName("outputmode"),
                            V4l2Fract.LAYOUT.withName("timeperframe"), JAVA_INT.withName("extendedmode"),
                            JAVA_INT.withName("writebuffers"), sequenceLayout(4, JAVA_INT).withName("reserved"))
                            .withName("output"),
                    sequenceLayout(200, JAVA_BYTE).withName("raw_data")).withName("parm"));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle CAPABILITY = Layouts.field(LAYOUT, "parm.capture.capability");
    public static final VarHandle NUMERATOR = Layouts.field(LAYOUT, "parm.capture.timeperframe.numerator");
    public static final VarHandle DENOMINATOR = Layouts.field(LAYOUT, "parm.capture.timeperframe.denominator");

    private V4l2Streamparm() {}
}
