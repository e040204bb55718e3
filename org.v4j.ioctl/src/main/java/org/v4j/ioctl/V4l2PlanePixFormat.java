package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_plane_pix_format}: size and stride of one plane of a multi-planar format. */
public final class V4l2PlanePixFormat {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_plane_pix_format",
            JAVA_INT.withName("sizeimage"),
            JAVA_INT.withName("bytesperline"),
            sequenceLayout(6, JAVA_SHORT).withName("reserved"));

    public static final VarHandle SIZEIMAGE = Layouts.field(LAYOUT, "sizeimage");
    public static final VarHandle BYTESPERLINE = Layouts.field(LAYOUT, "bytesperline");

    private V4l2PlanePixFormat() {}
}
