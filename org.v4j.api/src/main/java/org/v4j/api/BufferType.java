package org.v4j.api;

/** The buffer types ({@code enum v4l2_buf_type}) v4j streams. */
public enum BufferType {
    VIDEO_CAPTURE(false, true),
    VIDEO_OUTPUT(false, false),
    VIDEO_CAPTURE_MPLANE(true, true),
    VIDEO_OUTPUT_MPLANE(true, false);

    private final boolean multiplanar;
    private final boolean capture;

    BufferType(boolean multiplanar, boolean capture) {
        this.multiplanar = multiplanar;
        this.capture = capture;
    }

    /** Whether buffers of this type use the multi-planar API ({@code struct v4l2_plane} arrays). */
    public boolean isMultiplanar() {
        return multiplanar;
    }

    /** Whether the driver fills buffers of this type (capture) rather than reads them (output). */
    public boolean isCapture() {
        return capture;
    }

    /** The capability a node needs to have buffers of this type. */
    public CapabilityFlag capability() {
        return switch (this) {
            case VIDEO_CAPTURE -> CapabilityFlag.VIDEO_CAPTURE;
            case VIDEO_OUTPUT -> CapabilityFlag.VIDEO_OUTPUT;
            case VIDEO_CAPTURE_MPLANE -> CapabilityFlag.VIDEO_CAPTURE_MPLANE;
            case VIDEO_OUTPUT_MPLANE -> CapabilityFlag.VIDEO_OUTPUT_MPLANE;
        };
    }
}
