package org.v4j.api;

/** The status of an input ({@code V4L2_IN_ST_*} of VIDIOC_ENUMINPUT), in spec order. */
public enum InputStatus {
    NO_POWER, NO_SIGNAL, NO_COLOR, HFLIP, VFLIP, NO_H_LOCK, COLOR_KILL, NO_V_LOCK, NO_STD_LOCK, NO_SYNC, NO_EQU,
    NO_CARRIER, MACROVISION, NO_ACCESS, VTR
}
