package org.v4j.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Layouts;
import org.v4j.ioctl.V4l2Capability;
import org.v4j.ioctl.V4l2Exception;
import org.v4j.ioctl.V4l2Fmtdesc;
import org.v4j.ioctl.V4l2Format;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Vidioc;

/**
 * An open V4L2 device node. Opening checks that the node answers VIDIOC_QUERYCAP, so a path that
 * is not a V4L2 device fails at once with a clear error and no fd left open. Closing closes every
 * queue first (which frees what they still hold), then the fd.
 */
public final class Device implements AutoCloseable {
    private final DeviceFd fd;
    private final Capability capability;
    private final Arena arena = Arena.ofShared();
    private final Map<BufferType, BufferQueue> queues = new EnumMap<>(BufferType.class);

    private Device(DeviceFd fd, Capability capability) {
        this.fd = fd;
        this.capability = capability;
    }

    /**
     * Opens {@code path} and queries its capabilities.
     *
     * @throws V4l2Exception {@code no such device node}, {@code not a V4L2 device}, or the errno of open
     */
    public static Device open(String path) {
        DeviceFd fd;
        try {
            fd = DeviceFd.open(path);
        } catch (V4l2Exception e) {
            if (e.errno() == Errno.ENOENT) {
                throw new V4l2Exception("no such device node", path, "open", e.errno(), e);
            }
            throw e;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment cap = call.allocate(V4l2Capability.LAYOUT);
            try {
                Vidioc.querycap(fd, cap);
            } catch (V4l2Exception e) {
                if (e.errno() == Errno.ENOTTY || e.errno() == Errno.EINVAL) {
                    throw new V4l2Exception("not a V4L2 device", path, e.call(), e.errno(), e);
                }
                throw e;
            }
            int caps = (int) V4l2Capability.CAPABILITIES.get(cap);
            int deviceCaps = (caps & Capability.DEVICE_CAPS) != 0 ? (int) V4l2Capability.DEVICE_CAPS.get(cap) : caps;
            return new Device(fd, new Capability(
                    Layouts.string(cap, V4l2Capability.LAYOUT, "driver"),
                    Layouts.string(cap, V4l2Capability.LAYOUT, "card"),
                    Layouts.string(cap, V4l2Capability.LAYOUT, "bus_info"),
                    (int) V4l2Capability.VERSION.get(cap), caps, deviceCaps));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public String path() {
        return fd.path();
    }

    /** The open fd, for the memory providers (mmap, EXPBUF); owned by this device. */
    public DeviceFd fd() {
        return fd;
    }

    public Capability capability() {
        return capability;
    }

    /**
     * The capture buffer type of this node (multi-planar when the node offers it), after checking
     * that it can stream.
     *
     * @throws V4l2Exception when the node cannot capture video with streaming I/O
     */
    public BufferType captureType() {
        if (!capability.has(Capability.STREAMING)
                || !(capability.has(Capability.VIDEO_CAPTURE_MPLANE) || capability.has(Capability.VIDEO_CAPTURE))) {
            throw new V4l2Exception("not a streaming video capture device (device_caps 0x%08x)"
                    .formatted(capability.deviceCaps()), path(), "VIDIOC_QUERYCAP", 0);
        }
        return capability.has(Capability.VIDEO_CAPTURE_MPLANE) ? BufferType.VIDEO_CAPTURE_MPLANE : BufferType.VIDEO_CAPTURE;
    }

    /** The pixel formats offered for {@code type} (VIDIOC_ENUM_FMT). */
    public List<FormatDescription> formats(BufferType type) {
        List<FormatDescription> formats = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment desc = call.allocate(V4l2Fmtdesc.LAYOUT);
            for (int index = 0; ; index++) {
                desc.fill((byte) 0);
                V4l2Fmtdesc.INDEX.set(desc, index);
                V4l2Fmtdesc.TYPE.set(desc, type.value());
                if (!Vidioc.enumFmt(fd, desc)) {
                    return formats;
                }
                formats.add(new FormatDescription(index, new PixelFormat((int) V4l2Fmtdesc.PIXELFORMAT.get(desc)),
                        Layouts.string(desc, V4l2Fmtdesc.LAYOUT, "description"), (int) V4l2Fmtdesc.FLAGS.get(desc)));
            }
        }
    }

    /** The current format of {@code type} (VIDIOC_G_FMT). */
    public Format format(BufferType type) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment f = call.allocate(V4l2Format.LAYOUT);
            V4l2Format.TYPE.set(f, type.value());
            Vidioc.gFmt(fd, f);
            return Format.read(f);
        }
    }

    /**
     * Asks for a size and pixel format (VIDIOC_S_FMT) and returns what the driver chose, which
     * may differ: drivers adjust to the nearest they support. A size of 0 keeps the current
     * size, a null pixel format the current one.
     */
    public Format setFormat(BufferType type, int width, int height, PixelFormat pixelFormat) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment f = call.allocate(V4l2Format.LAYOUT);
            V4l2Format.TYPE.set(f, type.value());
            Vidioc.gFmt(fd, f);
            Format.request(f, width, height, pixelFormat);
            Vidioc.sFmt(fd, f);
            return Format.read(f);
        }
    }

    /** The buffer queue of {@code type}; one per type for the life of this device. */
    public synchronized BufferQueue queue(BufferType type) {
        if (!fd.isOpen()) {
            throw new IllegalStateException("device closed: " + path());
        }
        return queues.computeIfAbsent(type, t -> new BufferQueue(this, t, arena));
    }

    /** Frees every queue's buffers, then closes the fd. Idempotent. */
    @Override
    public synchronized void close() {
        if (!fd.isOpen()) {
            return;
        }
        RuntimeException failure = null;
        for (BufferQueue queue : queues.values()) {
            try {
                queue.close();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        queues.clear();
        try {
            fd.close();
        } catch (RuntimeException e) {
            failure = add(failure, e);
        }
        arena.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return path() + " (" + capability.driver() + ")";
    }
}
