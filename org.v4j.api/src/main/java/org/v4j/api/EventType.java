package org.v4j.api;

import java.util.Locale;

/** The V4L2 event types ({@code V4L2_EVENT_*}) one can subscribe to. */
public enum EventType {
    VSYNC, EOS, CTRL, FRAME_SYNC, SOURCE_CHANGE, MOTION_DET;

    /** As v4l2-ctl prints it: {@code ctrl}, {@code source_change}... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
