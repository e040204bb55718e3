package org.v4j.api;

/** The device capabilities ({@code V4L2_CAP_*} of VIDIOC_QUERYCAP) that v4j reads, by their spec names. */
public enum CapabilityFlag {
    VIDEO_CAPTURE, VIDEO_OUTPUT, VIDEO_CAPTURE_MPLANE, VIDEO_OUTPUT_MPLANE, VIDEO_M2M_MPLANE, VIDEO_M2M, READWRITE,
    STREAMING
}
