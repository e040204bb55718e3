package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_capability}: what VIDIOC_QUERYCAP reports about a device node. */
public final class V4l2Capability {
    /** {@code V4L2_CAP_*}: the capability bits v4j reads. */
    public static final int CAP_VIDEO_CAPTURE = 0x1, CAP_VIDEO_OUTPUT = 0x2, CAP_VIDEO_CAPTURE_MPLANE = 0x1000,
            CAP_VIDEO_OUTPUT_MPLANE = 0x2000, CAP_VIDEO_M2M_MPLANE = 0x4000, CAP_VIDEO_M2M = 0x8000,
            CAP_READWRITE = 0x01000000, CAP_STREAMING = 0x04000000, CAP_DEVICE_CAPS = 0x80000000;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_capability",
            sequenceLayout(16, JAVA_BYTE).withName("driver"),
            sequenceLayout(32, JAVA_BYTE).withName("card"),
            sequenceLayout(32, JAVA_BYTE).withName("bus_info"),
            JAVA_INT.withName("version"),
            JAVA_INT.withName("capabilities"),
            JAVA_INT.withName("device_caps"),
            sequenceLayout(3, JAVA_INT).withName("reserved"));

    public static final VarHandle VERSION = Layouts.field(LAYOUT, "version");
    public static final VarHandle CAPABILITIES = Layouts.field(LAYOUT, "capabilities");
    public static final VarHandle DEVICE_CAPS = Layouts.field(LAYOUT, "device_caps");

    private V4l2Capability() {}
}
