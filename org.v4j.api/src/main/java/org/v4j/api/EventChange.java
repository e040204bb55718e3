package org.v4j.api;

/**
 * What changed, in a control event ({@code V4L2_EVENT_CTRL_CH_*}: value, flags, range, dimensions)
 * or a source change event ({@code V4L2_EVENT_SRC_CH_RESOLUTION}: the resolution or the signal).
 */
public enum EventChange {
    VALUE, FLAGS, RANGE, DIMENSIONS, RESOLUTION
}
