package org.v4j.api;

import java.util.Locale;

/** What {@code V4L2_CTRL_FLAG_*} says about a control, in spec order. */
public enum ControlFlag {
    DISABLED, GRABBED, READ_ONLY, UPDATE, INACTIVE, SLIDER, WRITE_ONLY, VOLATILE, HAS_PAYLOAD, EXECUTE_ON_WRITE,
    MODIFY_LAYOUT, DYNAMIC_ARRAY;

    /** As v4l2-ctl prints it: {@code read-only}, {@code has-payload}... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
