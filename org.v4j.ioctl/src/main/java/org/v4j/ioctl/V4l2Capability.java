package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_capability}: what VIDIOC_QUERYCAP reports about a device node. */
public final class V4l2Capability {
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
