package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_pix_format}: the single-planar image format. */
public final class V4l2PixFormat {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_pix_format",
            JAVA_INT.withName("width"),
            JAVA_INT.withName("height"),
            JAVA_INT.withName("pixelformat"),
            JAVA_INT.withName("field"),
            JAVA_INT.withName("bytesperline"),
            JAVA_INT.withName("sizeimage"),
            JAVA_INT.withName("colorspace"),
            JAVA_INT.withName("priv"),
            JAVA_INT.withName("flags"),
            unionLayout(JAVA_INT.withName("ycbcr_enc"), JAVA_INT.withName("hsv_enc")),
            JAVA_INT.withName("quantization"),
            JAVA_INT.withName("xfer_func"));

    public static final VarHandle WIDTH = Layouts.field(LAYOUT, "width");
    public static final VarHandle HEIGHT = Layouts.field(LAYOUT, "height");
    public static final VarHandle PIXELFORMAT = Layouts.field(LAYOUT, "pixelformat");
    public static final VarHandle FIELD = Layouts.field(LAYOUT, "field");
    public static final VarHandle BYTESPERLINE = Layouts.field(LAYOUT, "bytesperline");
    public static final VarHandle SIZEIMAGE = Layouts.field(LAYOUT, "sizeimage");
    public static final VarHandle COLORSPACE = Layouts.field(LAYOUT, "colorspace");

    private V4l2PixFormat() {}
}
