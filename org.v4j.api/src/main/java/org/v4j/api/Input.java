package org.v4j.api;

/**
 * One input of VIDIOC_ENUMINPUT (or, with {@code output}, VIDIOC_ENUMOUTPUT).
 *
 * @param type {@code V4L2_INPUT_TYPE_TUNER} 1, {@code _CAMERA} 2, {@code _TOUCH} 3 (outputs: modulator 1, analog 2)
 */
public record Input(int index, String name, int type, int status, int capabilities, boolean output) {
    /** The type in v4l2-ctl's words. */
    public String typeName() {
        return output ? switch (type) {
            case 1 -> "Modulator";
            case 2 -> "Analog";
            case 3 -> "Analog VGA overlay";
            default -> "type " + type;
        } : switch (type) {
            case 1 -> "Tuner";
            case 2 -> "Camera";
            case 3 -> "Touch";
            default -> "type " + type;
        };
    }
}
