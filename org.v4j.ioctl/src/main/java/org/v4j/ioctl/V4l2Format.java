package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_format}: the buffer type and, in the {@code fmt} union, the format for it.
 * The union is 8-byte aligned in C (it also holds {@code v4l2_window}, which has pointers).
 */
public final class V4l2Format {
    /** {@code enum v4l2_buf_type}: the buffer types v4j streams. */
    public static final int BUF_TYPE_VIDEO_CAPTURE = 1, BUF_TYPE_VIDEO_OUTPUT = 2, BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9,
            BUF_TYPE_VIDEO_OUTPUT_MPLANE = 10;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_format",
            JAVA_INT.withName("type"),
            paddingLayout(4),
            unionLayout(
                    V4l2PixFormat.LAYOUT.withName("pix"),
                    V4l2PixFormatMplane.LAYOUT.withName("pix_mp"),
                    sequenceLayout(200, JAVA_BYTE).withName("raw_data"))
                    .withByteAlignment(8).withName("fmt"));

    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final long PIX = Layouts.offset(LAYOUT, "fmt.pix");
    public static final long PIX_MP = Layouts.offset(LAYOUT, "fmt.pix_mp");

    private V4l2Format() {}
}
