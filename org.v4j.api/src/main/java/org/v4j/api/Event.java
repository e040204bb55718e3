package org.v4j.api;

/**
 * An event dequeued with VIDIOC_DQEVENT.
 *
 * @param type      {@code V4L2_EVENT_*}: 2 end of stream, 3 control, 4 frame sync, 5 source change
 * @param id        the control id (control events), the pad or input (source change)
 * @param changes   control events: {@code V4L2_EVENT_CTRL_CH_*} (value 1, flags 2, range 4);
 *                  source change: {@code V4L2_EVENT_SRC_CH_*}; frame sync: the frame sequence
 * @param value     control events: the new value
 * @param sequence  the event counter of this file handle
 * @param pending   how many more events wait
 */
public record Event(int type, int id, int changes, long value, int sequence, int pending, long timestampNanos) {
    public static final int EOS = 2, CTRL = 3, FRAME_SYNC = 4, SOURCE_CHANGE = 5;
    /** {@code V4L2_EVENT_CTRL_CH_VALUE}: a control event's value changed. */
    public static final int CTRL_CH_VALUE = 1;
    /** {@code V4L2_EVENT_SRC_CH_RESOLUTION}: a source change event's resolution (or signal) changed. */
    public static final int SRC_CH_RESOLUTION = 1;

    public String typeName() {
        return switch (type) {
            case 1 -> "vsync";
            case EOS -> "eos";
            case CTRL -> "ctrl";
            case FRAME_SYNC -> "frame_sync";
            case SOURCE_CHANGE -> "source_change";
            case 6 -> "motion_det";
            default -> "type " + type;
        };
    }
}
