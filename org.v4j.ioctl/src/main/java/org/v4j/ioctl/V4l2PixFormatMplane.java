package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_pix_format_mplane}: the multi-planar image format (up to 8 planes). */
public final class V4l2PixFormatMplane {
    public static final int VIDEO_MAX_PLANES = 8;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_pix_format_mplane",
            JAVA_INT.withName("width"),
            JAVA_INT.withName("height"),
            JAVA_INT.withName("pixelformat"),
            JAVA_INT.withName("field"),
            JAVA_INT.withName("colorspace"),
            sequenceLayout(VIDEO_MAX_PLANES, V4l2PlanePixFormat.LAYOUT).withName("plane_fmt"),
            JAVA_BYTE.withName("num_planes"),
            JAVA_BYTE.withName("flags"),
            unionLayout(JAVA_BYTE.withName("ycbcr_enc"), JAVA_BYTE.withName("hsv_enc")),
            JAVA_BYTE.withName("quantization"),
            JAVA_BYTE.withName("xfer_func"),
            sequenceLayout(7, JAVA_BYTE).withName("reserved"));

    public static final VarHandle WIDTH = Layouts.field(LAYOUT, "width");
    public static final VarHandle HEIGHT = Layouts.field(LAYOUT, "height");
    public static final VarHandle PIXELFORMAT = Layouts.field(LAYOUT, "pixelformat");
    public static final VarHandle FIELD = Layouts.field(LAYOUT, "field");
    public static final VarHandle COLORSPACE = Layouts.field(LAYOUT, "colorspace");
    public static final VarHandle NUM_PLANES = Layouts.field(LAYOUT, "num_planes");
    public static final long PLANE_FMT = Layouts.offset(LAYOUT, "plane_fmt");

    private V4l2PixFormatMplane() {}
}
