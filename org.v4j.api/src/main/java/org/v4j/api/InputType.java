package org.v4j.api;

/** What an input ({@code V4L2_INPUT_TYPE_*}) or output ({@code V4L2_OUTPUT_TYPE_*}) is, with v4l2-ctl's words. */
public enum InputType {
    TUNER("Tuner"), CAMERA("Camera"), TOUCH("Touch"), MODULATOR("Modulator"), ANALOG("Analog"),
    ANALOG_VGA_OVERLAY("Analog VGA overlay"),
    /** A type this version of v4j does not know. */
    UNKNOWN("Unknown");

    private final String shortName;

    InputType(String shortName) {
        this.shortName = shortName;
    }

    /** As v4l2-ctl prints it: {@code Camera}, {@code Tuner}... */
    public String shortName() {
        return shortName;
    }
}
