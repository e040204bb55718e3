package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.v4j.api.BufferType;
import org.v4j.api.FormatDescription;
import org.v4j.api.Fraction;
import org.v4j.api.FrameInterval;
import org.v4j.api.FrameSize;
import org.v4j.api.Input;
import org.v4j.api.InputStatus;
import org.v4j.api.PixelFormat;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Layouts;
import org.v4j.ioctl.V4l2Fmtdesc;
import org.v4j.ioctl.V4l2Frmivalenum;
import org.v4j.ioctl.V4l2Frmsizeenum;
import org.v4j.ioctl.V4l2Input;
import org.v4j.ioctl.V4l2Output;
import org.v4j.ioctl.Vidioc;

/** What a device enumerates (formats, frame sizes and intervals, inputs, outputs), for {@link Device}. */
final class Enumerations {
    private Enumerations() {}

    /** The pixel formats offered for {@code type} (VIDIOC_ENUM_FMT). */
    static List<FormatDescription> formats(DeviceFd fd, BufferType type) {
        List<FormatDescription> formats = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment desc = call.allocate(V4l2Fmtdesc.LAYOUT);
            for (int index = 0; ; index++) {
                desc.fill((byte) 0);
                V4l2Fmtdesc.INDEX.set(desc, index);
                V4l2Fmtdesc.TYPE.set(desc, KernelNumbers.value(type));
                if (!Vidioc.enumFmt(fd, desc)) {
                    return formats;
                }
                formats.add(new FormatDescription(index, new PixelFormat((int) V4l2Fmtdesc.PIXELFORMAT.get(desc)),
                        Layouts.string(desc, V4l2Fmtdesc.LAYOUT, "description"), (int) V4l2Fmtdesc.FLAGS.get(desc)));
            }
        }
    }

    /**
     * The frame sizes offered for {@code format} (VIDIOC_ENUM_FRAMESIZES): discrete sizes, or one
     * range; empty where the driver does not enumerate sizes (ENOTTY, as vivid's output nodes).
     */
    static List<FrameSize> frameSizes(DeviceFd fd, PixelFormat format) {
        List<FrameSize> sizes = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment e = call.allocate(V4l2Frmsizeenum.LAYOUT);
            for (int index = 0; ; index++) {
                e.fill((byte) 0);
                V4l2Frmsizeenum.INDEX.set(e, index);
                V4l2Frmsizeenum.PIXEL_FORMAT.set(e, format.fourcc());
                if (!enumerateIfSupported(fd, Vidioc.ENUM_FRAMESIZES, e)) {
                    return sizes;
                }
                int type = (int) V4l2Frmsizeenum.TYPE.get(e);
                if (type == V4l2Frmsizeenum.TYPE_DISCRETE) {
                    sizes.add(new FrameSize.Discrete((int) V4l2Frmsizeenum.DISCRETE_WIDTH.get(e),
                            (int) V4l2Frmsizeenum.DISCRETE_HEIGHT.get(e)));
                } else {
                    sizes.add(new FrameSize.Stepwise((int) V4l2Frmsizeenum.MIN_WIDTH.get(e), (int) V4l2Frmsizeenum.MAX_WIDTH.get(e),
                            (int) V4l2Frmsizeenum.STEP_WIDTH.get(e), (int) V4l2Frmsizeenum.MIN_HEIGHT.get(e),
                            (int) V4l2Frmsizeenum.MAX_HEIGHT.get(e), (int) V4l2Frmsizeenum.STEP_HEIGHT.get(e),
                            type == V4l2Frmsizeenum.TYPE_CONTINUOUS));
                    return sizes; // a range is the only entry
                }
            }
        }
    }

    /**
     * The frame intervals offered for {@code format} at {@code width}x{@code height}
     * (VIDIOC_ENUM_FRAMEINTERVALS); empty where the driver does not enumerate them (ENOTTY).
     */
    static List<FrameInterval> frameIntervals(DeviceFd fd, PixelFormat format, int width, int height) {
        List<FrameInterval> intervals = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment e = call.allocate(V4l2Frmivalenum.LAYOUT);
            for (int index = 0; ; index++) {
                e.fill((byte) 0);
                V4l2Frmivalenum.INDEX.set(e, index);
                V4l2Frmivalenum.PIXEL_FORMAT.set(e, format.fourcc());
                V4l2Frmivalenum.WIDTH.set(e, width);
                V4l2Frmivalenum.HEIGHT.set(e, height);
                if (!enumerateIfSupported(fd, Vidioc.ENUM_FRAMEINTERVALS, e)) {
                    return intervals;
                }
                int type = (int) V4l2Frmivalenum.TYPE.get(e);
                if (type == V4l2Frmivalenum.TYPE_DISCRETE) {
                    intervals.add(new FrameInterval.Discrete(new Fraction((int) V4l2Frmivalenum.DISCRETE_NUMERATOR.get(e),
                            (int) V4l2Frmivalenum.DISCRETE_DENOMINATOR.get(e))));
                } else {
                    intervals.add(new FrameInterval.Stepwise(
                            new Fraction((int) V4l2Frmivalenum.MIN_NUMERATOR.get(e), (int) V4l2Frmivalenum.MIN_DENOMINATOR.get(e)),
                            new Fraction((int) V4l2Frmivalenum.MAX_NUMERATOR.get(e), (int) V4l2Frmivalenum.MAX_DENOMINATOR.get(e)),
                            new Fraction((int) V4l2Frmivalenum.STEP_NUMERATOR.get(e), (int) V4l2Frmivalenum.STEP_DENOMINATOR.get(e)),
                            type == V4l2Frmivalenum.TYPE_CONTINUOUS));
                    return intervals;
                }
            }
        }
    }

    /** The video inputs (VIDIOC_ENUMINPUT); empty for a node without inputs. */
    static List<Input> inputs(DeviceFd fd) {
        List<Input> inputs = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment in = call.allocate(V4l2Input.LAYOUT);
            for (int index = 0; ; index++) {
                in.fill((byte) 0);
                V4l2Input.INDEX.set(in, index);
                if (!enumerateIfSupported(fd, Vidioc.ENUMINPUT, in)) {
                    return inputs;
                }
                inputs.add(new Input(index, Layouts.string(in, V4l2Input.LAYOUT, "name"),
                        KernelNumbers.inputType((int) V4l2Input.TYPE.get(in), false),
                        KernelNumbers.flags(InputStatus.class, KernelNumbers::bit, (int) V4l2Input.STATUS.get(in)), false));
            }
        }
    }

    /** The video outputs (VIDIOC_ENUMOUTPUT); empty for a node without outputs. */
    static List<Input> outputs(DeviceFd fd) {
        List<Input> outputs = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(V4l2Output.LAYOUT);
            for (int index = 0; ; index++) {
                out.fill((byte) 0);
                V4l2Output.INDEX.set(out, index);
                if (!enumerateIfSupported(fd, Vidioc.ENUMOUTPUT, out)) {
                    return outputs;
                }
                outputs.add(new Input(index, Layouts.string(out, V4l2Output.LAYOUT, "name"),
                        KernelNumbers.inputType((int) V4l2Output.TYPE.get(out), true), Set.of(), true));
            }
        }
    }

    /**
     * One step of an enumeration a driver may not have (ENUMINPUT, ENUMOUTPUT, ENUM_FRAMESIZES,
     * ENUM_FRAMEINTERVALS): false past the end (EINVAL) and, for a driver without it (ENOTTY),
     * at once, so the list is empty.
     */
    static boolean enumerateIfSupported(DeviceFd fd, org.v4j.ioctl.Ioctl request, MemorySegment entry) {
        return Vidioc.ioctlUnless(fd, request, entry, Errno.EINVAL, Errno.ENOTTY);
    }
}
