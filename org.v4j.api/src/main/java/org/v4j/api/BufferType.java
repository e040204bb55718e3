package org.v4j.api;

/** The buffer types ({@code enum v4l2_buf_type}) v4j streams, with the kernel's values. */
public enum BufferType {
    VIDEO_CAPTURE(1, false, true),
    VIDEO_OUTPUT(2, false, false),
    VIDEO_CAPTURE_MPLANE(9, true, true),
    VIDEO_OUTPUT_MPLANE(10, true, false);

    private final int value;
    private final boolean multiplanar;
    private final boolean capture;

    BufferType(int value, boolean multiplanar, boolean capture) {
        this.value = value;
        this.multiplanar = multiplanar;
        this.capture = capture;
    }

    public int value() {
        return value;
    }

    /** Whether buffers of this type use the multi-planar API ({@code struct v4l2_plane} arrays). */
    public boolean isMultiplanar() {
        return multiplanar;
    }

    /** Whether the driver fills buffers of this type (capture) rather than reads them (output). */
    public boolean isCapture() {
        return capture;
    }

    public static BufferType of(int value) {
        for (BufferType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported v4l2_buf_type " + value);
    }
}
