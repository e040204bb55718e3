package org.v4j.device;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.v4j.api.BufferType;
import org.v4j.api.CapabilityFlag;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.EventChange;
import org.v4j.api.EventType;
import org.v4j.api.InputStatus;
import org.v4j.api.InputType;
import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.V4l2Capability;
import org.v4j.ioctl.V4l2Event;
import org.v4j.ioctl.V4l2Format;
import org.v4j.ioctl.V4l2Input;
import org.v4j.ioctl.V4l2Output;
import org.v4j.ioctl.V4l2QueryExtCtrl;
import org.v4j.ioctl.V4l2Requestbuffers;

/**
 * The contract's enums as the kernel numbers them: the one place where {@code org.v4j.api}, which
 * knows no kernel value, meets the uapi constants of {@code org.v4j.ioctl} (whose values the gcc
 * conformance test checks). Each mapping is an exhaustive switch, so a new enum constant without
 * its number does not compile; decoding walks the same switch.
 */
final class KernelNumbers {
    private KernelNumbers() {}

    /** {@code enum v4l2_buf_type}. */
    static int value(BufferType type) {
        return switch (type) {
            case VIDEO_CAPTURE -> V4l2Format.BUF_TYPE_VIDEO_CAPTURE;
            case VIDEO_OUTPUT -> V4l2Format.BUF_TYPE_VIDEO_OUTPUT;
            case VIDEO_CAPTURE_MPLANE -> V4l2Format.BUF_TYPE_VIDEO_CAPTURE_MPLANE;
            case VIDEO_OUTPUT_MPLANE -> V4l2Format.BUF_TYPE_VIDEO_OUTPUT_MPLANE;
        };
    }

    static BufferType bufferType(int value) {
        BufferType type = find(BufferType.class, KernelNumbers::value, value);
        if (type == null) {
            throw new IllegalArgumentException("unsupported v4l2_buf_type " + value);
        }
        return type;
    }

    /** {@code enum v4l2_memory}. */
    static int value(MemoryType type) {
        return switch (type) {
            case MMAP -> V4l2Requestbuffers.MEMORY_MMAP;
            case USERPTR -> V4l2Requestbuffers.MEMORY_USERPTR;
            case DMABUF -> V4l2Requestbuffers.MEMORY_DMABUF;
        };
    }

    /** Its {@code V4L2_BUF_CAP_SUPPORTS_*} flag in the capabilities REQBUFS reports. */
    static int supportsFlag(MemoryType type) {
        return switch (type) {
            case MMAP -> V4l2Requestbuffers.CAP_SUPPORTS_MMAP;
            case USERPTR -> V4l2Requestbuffers.CAP_SUPPORTS_USERPTR;
            case DMABUF -> V4l2Requestbuffers.CAP_SUPPORTS_DMABUF;
        };
    }

    /** {@code V4L2_CAP_*}. */
    static int bit(CapabilityFlag flag) {
        return switch (flag) {
            case VIDEO_CAPTURE -> V4l2Capability.CAP_VIDEO_CAPTURE;
            case VIDEO_OUTPUT -> V4l2Capability.CAP_VIDEO_OUTPUT;
            case VIDEO_CAPTURE_MPLANE -> V4l2Capability.CAP_VIDEO_CAPTURE_MPLANE;
            case VIDEO_OUTPUT_MPLANE -> V4l2Capability.CAP_VIDEO_OUTPUT_MPLANE;
            case VIDEO_M2M_MPLANE -> V4l2Capability.CAP_VIDEO_M2M_MPLANE;
            case VIDEO_M2M -> V4l2Capability.CAP_VIDEO_M2M;
            case READWRITE -> V4l2Capability.CAP_READWRITE;
            case STREAMING -> V4l2Capability.CAP_STREAMING;
        };
    }

    /** {@code enum v4l2_ctrl_type}; {@link ControlType#COMPOUND} stands for every type v4j reads as bytes. */
    static int value(ControlType type) {
        return switch (type) {
            case INTEGER -> V4l2QueryExtCtrl.TYPE_INTEGER;
            case BOOLEAN -> V4l2QueryExtCtrl.TYPE_BOOLEAN;
            case MENU -> V4l2QueryExtCtrl.TYPE_MENU;
            case BUTTON -> V4l2QueryExtCtrl.TYPE_BUTTON;
            case INTEGER64 -> V4l2QueryExtCtrl.TYPE_INTEGER64;
            case CTRL_CLASS -> V4l2QueryExtCtrl.TYPE_CTRL_CLASS;
            case STRING -> V4l2QueryExtCtrl.TYPE_STRING;
            case BITMASK -> V4l2QueryExtCtrl.TYPE_BITMASK;
            case INTEGER_MENU -> V4l2QueryExtCtrl.TYPE_INTEGER_MENU;
            case U8 -> V4l2QueryExtCtrl.TYPE_U8;
            case U16 -> V4l2QueryExtCtrl.TYPE_U16;
            case U32 -> V4l2QueryExtCtrl.TYPE_U32;
            case AREA -> V4l2QueryExtCtrl.TYPE_AREA;
            case COMPOUND -> -1;
        };
    }

    static ControlType controlType(int value) {
        ControlType type = find(ControlType.class, KernelNumbers::value, value);
        return type != null ? type : ControlType.COMPOUND;
    }

    /** {@code V4L2_CTRL_FLAG_*}. */
    static int bit(ControlFlag flag) {
        return switch (flag) {
            case DISABLED -> V4l2QueryExtCtrl.FLAG_DISABLED;
            case GRABBED -> V4l2QueryExtCtrl.FLAG_GRABBED;
            case READ_ONLY -> V4l2QueryExtCtrl.FLAG_READ_ONLY;
            case UPDATE -> V4l2QueryExtCtrl.FLAG_UPDATE;
            case INACTIVE -> V4l2QueryExtCtrl.FLAG_INACTIVE;
            case SLIDER -> V4l2QueryExtCtrl.FLAG_SLIDER;
            case WRITE_ONLY -> V4l2QueryExtCtrl.FLAG_WRITE_ONLY;
            case VOLATILE -> V4l2QueryExtCtrl.FLAG_VOLATILE;
            case HAS_PAYLOAD -> V4l2QueryExtCtrl.FLAG_HAS_PAYLOAD;
            case EXECUTE_ON_WRITE -> V4l2QueryExtCtrl.FLAG_EXECUTE_ON_WRITE;
            case MODIFY_LAYOUT -> V4l2QueryExtCtrl.FLAG_MODIFY_LAYOUT;
            case DYNAMIC_ARRAY -> V4l2QueryExtCtrl.FLAG_DYNAMIC_ARRAY;
        };
    }

    /** {@code V4L2_EVENT_*}. */
    static int value(EventType type) {
        return switch (type) {
            case VSYNC -> V4l2Event.EVENT_VSYNC;
            case EOS -> V4l2Event.EVENT_EOS;
            case CTRL -> V4l2Event.EVENT_CTRL;
            case FRAME_SYNC -> V4l2Event.EVENT_FRAME_SYNC;
            case SOURCE_CHANGE -> V4l2Event.EVENT_SOURCE_CHANGE;
            case MOTION_DET -> V4l2Event.EVENT_MOTION_DET;
        };
    }

    /** The type of a dequeued event; only subscribed types arrive, and only {@link EventType}s can be subscribed. */
    static EventType eventType(int value) {
        EventType type = find(EventType.class, KernelNumbers::value, value);
        if (type == null) {
            throw new IllegalStateException("an event of a type nobody subscribed to: " + value);
        }
        return type;
    }

    /** {@code V4L2_EVENT_CTRL_CH_*} of a control event; 0 for a change no control event reports. */
    static int controlChangeBit(EventChange change) {
        return switch (change) {
            case VALUE -> V4l2Event.CTRL_CH_VALUE;
            case FLAGS -> V4l2Event.CTRL_CH_FLAGS;
            case RANGE -> V4l2Event.CTRL_CH_RANGE;
            case DIMENSIONS -> V4l2Event.CTRL_CH_DIMENSIONS;
            case RESOLUTION -> 0;
        };
    }

    /** {@code V4L2_EVENT_SRC_CH_*} of a source change event; 0 for a change it does not report. */
    static int sourceChangeBit(EventChange change) {
        return change == EventChange.RESOLUTION ? V4l2Event.SRC_CH_RESOLUTION : 0;
    }

    /** {@code V4L2_INPUT_TYPE_*}, or with {@code output} {@code V4L2_OUTPUT_TYPE_*}. */
    static InputType inputType(int value, boolean output) {
        if (output) {
            return value == V4l2Output.TYPE_MODULATOR ? InputType.MODULATOR
                    : value == V4l2Output.TYPE_ANALOG ? InputType.ANALOG
                    : value == V4l2Output.TYPE_ANALOGVGAOVERLAY ? InputType.ANALOG_VGA_OVERLAY : InputType.UNKNOWN;
        }
        return value == V4l2Input.TYPE_TUNER ? InputType.TUNER
                : value == V4l2Input.TYPE_CAMERA ? InputType.CAMERA
                : value == V4l2Input.TYPE_TOUCH ? InputType.TOUCH : InputType.UNKNOWN;
    }

    /** {@code V4L2_IN_ST_*}. */
    static int bit(InputStatus status) {
        return switch (status) {
            case NO_POWER -> V4l2Input.ST_NO_POWER;
            case NO_SIGNAL -> V4l2Input.ST_NO_SIGNAL;
            case NO_COLOR -> V4l2Input.ST_NO_COLOR;
            case HFLIP -> V4l2Input.ST_HFLIP;
            case VFLIP -> V4l2Input.ST_VFLIP;
            case NO_H_LOCK -> V4l2Input.ST_NO_H_LOCK;
            case COLOR_KILL -> V4l2Input.ST_COLOR_KILL;
            case NO_V_LOCK -> V4l2Input.ST_NO_V_LOCK;
            case NO_STD_LOCK -> V4l2Input.ST_NO_STD_LOCK;
            case NO_SYNC -> V4l2Input.ST_NO_SYNC;
            case NO_EQU -> V4l2Input.ST_NO_EQU;
            case NO_CARRIER -> V4l2Input.ST_NO_CARRIER;
            case MACROVISION -> V4l2Input.ST_MACROVISION;
            case NO_ACCESS -> V4l2Input.ST_NO_ACCESS;
            case VTR -> V4l2Input.ST_VTR;
        };
    }

    /** The constant of {@code type} whose number ({@code number}) is {@code value}, or null: decoding walks the mapping. */
    private static <E extends Enum<E>> E find(Class<E> type, ToIntFunction<E> number, int value) {
        for (E e : type.getEnumConstants()) {
            if (number.applyAsInt(e) == value) {
                return e;
            }
        }
        return null;
    }

    /** The constants of {@code type} whose bit ({@code bit}, 0 for none) is set in {@code bits}. */
    static <E extends Enum<E>> Set<E> flags(Class<E> type, ToIntFunction<E> bit, int bits) {
        EnumSet<E> set = EnumSet.noneOf(type);
        for (E e : type.getEnumConstants()) {
            int b = bit.applyAsInt(e);
            if (b != 0 && (bits & b) == b) {
                set.add(e);
            }
        }
        return set;
    }
}
