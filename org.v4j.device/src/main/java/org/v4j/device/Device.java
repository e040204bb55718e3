package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.CapabilityFlag;
import org.v4j.api.Event;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.FormatDescription;
import org.v4j.api.Fraction;
import org.v4j.api.FrameInterval;
import org.v4j.api.FrameSize;
import org.v4j.api.Input;
import org.v4j.api.PixelFormat;
import org.v4j.api.Rect;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Layouts;
import org.v4j.ioctl.V4l2Capability;
import org.v4j.ioctl.V4l2EventSubscription;
import org.v4j.ioctl.V4l2Format;
import org.v4j.ioctl.V4l2Selection;
import org.v4j.ioctl.V4l2Streamparm;
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
    /** The wait of {@link #awaitEvent}, made on first use. */
    private Poller events;
    private final Waiters waiters;

    private Device(DeviceFd fd, Capability capability) {
        this.fd = fd;
        this.capability = capability;
        this.waiters = new Waiters(fd.path());
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
                throw new V4l2Exception("no such device node", e);
            }
            throw e;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment cap = call.allocate(V4l2Capability.LAYOUT);
            try {
                Vidioc.querycap(fd, cap);
            } catch (V4l2Exception e) {
                if (e.errno() == Errno.ENOTTY || e.errno() == Errno.EINVAL) {
                    throw new V4l2Exception("not a V4L2 device", e);
                }
                throw e;
            }
            int caps = (int) V4l2Capability.CAPABILITIES.get(cap);
            int deviceCaps = (caps & V4l2Capability.CAP_DEVICE_CAPS) != 0 ? (int) V4l2Capability.DEVICE_CAPS.get(cap) : caps;
            return new Device(fd, new Capability(
                    Layouts.string(cap, V4l2Capability.LAYOUT, "driver"),
                    Layouts.string(cap, V4l2Capability.LAYOUT, "card"),
                    Layouts.string(cap, V4l2Capability.LAYOUT, "bus_info"),
                    (int) V4l2Capability.VERSION.get(cap), caps, deviceCaps,
                    KernelNumbers.flags(CapabilityFlag.class, KernelNumbers::bit, deviceCaps)));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A device over an fd that is no V4L2 node (no VIDIOC_QUERYCAP), for host tests of the wait
     * loop: a FIFO stands in for a node whose readiness the test controls.
     */
    static Device overFd(DeviceFd fd, Capability capability) {
        return new Device(fd, capability);
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
        if (!capability.has(CapabilityFlag.STREAMING) || !(capability.has(CapabilityFlag.VIDEO_CAPTURE_MPLANE)
                || capability.has(CapabilityFlag.VIDEO_CAPTURE))) {
            throw new V4l2Exception("not a streaming video capture device (device_caps 0x%08x)"
                    .formatted(capability.deviceCaps()), path(), "VIDIOC_QUERYCAP");
        }
        return capability.has(CapabilityFlag.VIDEO_CAPTURE_MPLANE) ? BufferType.VIDEO_CAPTURE_MPLANE : BufferType.VIDEO_CAPTURE;
    }

    /** The pixel formats offered for {@code type} (VIDIOC_ENUM_FMT). */
    public List<FormatDescription> formats(BufferType type) {
        return Enumerations.formats(fd, type);
    }

    /**
     * The frame sizes offered for {@code format} (VIDIOC_ENUM_FRAMESIZES): discrete sizes, or one
     * range; empty where the driver does not enumerate sizes (ENOTTY, as vivid's output nodes).
     */
    public List<FrameSize> frameSizes(PixelFormat format) {
        return Enumerations.frameSizes(fd, format);
    }

    /**
     * The frame intervals offered for {@code format} at {@code width}x{@code height}
     * (VIDIOC_ENUM_FRAMEINTERVALS); empty where the driver does not enumerate them (ENOTTY).
     */
    public List<FrameInterval> frameIntervals(PixelFormat format, int width, int height) {
        return Enumerations.frameIntervals(fd, format, width, height);
    }

    /** The time per frame of {@code type} (VIDIOC_G_PARM). */
    public Fraction frameInterval(BufferType type) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment parm = call.allocate(V4l2Streamparm.LAYOUT);
            V4l2Streamparm.TYPE.set(parm, KernelNumbers.value(type));
            Vidioc.gParm(fd, parm);
            return new Fraction((int) V4l2Streamparm.NUMERATOR.get(parm), (int) V4l2Streamparm.DENOMINATOR.get(parm));
        }
    }

    /**
     * Asks for a time per frame (VIDIOC_S_PARM), e.g. {@code 1/30}, and returns what the driver
     * chose (the nearest it supports).
     *
     * @throws V4l2Exception when the driver does not let the frame rate be set
     */
    public Fraction setFrameInterval(BufferType type, Fraction interval) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment parm = call.allocate(V4l2Streamparm.LAYOUT);
            V4l2Streamparm.TYPE.set(parm, KernelNumbers.value(type));
            Vidioc.gParm(fd, parm);
            if (((int) V4l2Streamparm.CAPABILITY.get(parm) & V4l2Streamparm.CAP_TIMEPERFRAME) == 0) {
                throw new V4l2Exception("the frame rate cannot be set (no V4L2_CAP_TIMEPERFRAME)", path(), "VIDIOC_S_PARM");
            }
            V4l2Streamparm.NUMERATOR.set(parm, interval.numerator());
            V4l2Streamparm.DENOMINATOR.set(parm, interval.denominator());
            Vidioc.sParm(fd, parm);
            return new Fraction((int) V4l2Streamparm.NUMERATOR.get(parm), (int) V4l2Streamparm.DENOMINATOR.get(parm));
        }
    }

    /** The video inputs (VIDIOC_ENUMINPUT); empty for a node without inputs. */
    public List<Input> inputs() {
        return Enumerations.inputs(fd);
    }

    /** The video outputs (VIDIOC_ENUMOUTPUT); empty for a node without outputs. */
    public List<Input> outputs() {
        return Enumerations.outputs(fd);
    }


    /** The current input (VIDIOC_G_INPUT). */
    public int input() {
        return Vidioc.getIndex(fd, Vidioc.G_INPUT);
    }

    /** Selects input {@code index} (VIDIOC_S_INPUT). */
    public void setInput(int index) {
        Vidioc.setIndex(fd, Vidioc.S_INPUT, index);
    }

    /** The current output (VIDIOC_G_OUTPUT). */
    public int output() {
        return Vidioc.getIndex(fd, Vidioc.G_OUTPUT);
    }

    /** Selects output {@code index} (VIDIOC_S_OUTPUT). */
    public void setOutput(int index) {
        Vidioc.setIndex(fd, Vidioc.S_OUTPUT, index);
    }

    /** A selection rectangle (VIDIOC_G_SELECTION), {@code target} one of {@code V4l2Selection.TGT_*}. */
    public Rect selection(BufferType type, int target) {
        return selection(Vidioc.G_SELECTION, type, target, null, 0);
    }

    /** Sets a crop or compose rectangle (VIDIOC_S_SELECTION); returns what the driver chose. */
    public Rect setSelection(BufferType type, int target, Rect rect, int flags) {
        return selection(Vidioc.S_SELECTION, type, target, rect, flags);
    }

    private Rect selection(org.v4j.ioctl.Ioctl request, BufferType type, int target, Rect rect, int flags) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sel = call.allocate(V4l2Selection.LAYOUT);
            // single-planar types here, as the spec asks of G/S_SELECTION
            // the selection API takes the single-planar type for both
            V4l2Selection.TYPE.set(sel, KernelNumbers.value(type.isCapture() ? BufferType.VIDEO_CAPTURE : BufferType.VIDEO_OUTPUT));
            V4l2Selection.TARGET.set(sel, target);
            V4l2Selection.FLAGS.set(sel, flags);
            if (rect != null) {
                V4l2Selection.LEFT.set(sel, rect.left());
                V4l2Selection.TOP.set(sel, rect.top());
                V4l2Selection.WIDTH.set(sel, rect.width());
                V4l2Selection.HEIGHT.set(sel, rect.height());
            }
            Vidioc.selection(fd, request, sel);
            return new Rect((int) V4l2Selection.LEFT.get(sel), (int) V4l2Selection.TOP.get(sel),
                    (int) V4l2Selection.WIDTH.get(sel), (int) V4l2Selection.HEIGHT.get(sel));
        }
    }

    /**
     * VIDIOC_SUBSCRIBE_EVENT: events of {@code type} ({@link EventType#CTRL} with a control id,
     * {@link EventType#SOURCE_CHANGE}, {@link EventType#EOS}...) are queued for this file handle and
     * signalled by POLLPRI. {@code sendInitial}: a control event with the current value at once.
     */
    public void subscribe(EventType type, int id, boolean sendInitial) {
        subscription(Vidioc.SUBSCRIBE_EVENT, KernelNumbers.value(type), id,
                sendInitial ? V4l2EventSubscription.FLAG_SEND_INITIAL : 0);
    }

    /** VIDIOC_UNSUBSCRIBE_EVENT. */
    public void unsubscribe(EventType type, int id) {
        subscription(Vidioc.UNSUBSCRIBE_EVENT, KernelNumbers.value(type), id, 0);
    }

    private void subscription(org.v4j.ioctl.Ioctl request, int type, int id, int flags) {
        Events.subscription(fd, request, type, id, flags);
    }

    /**
     * Waits up to {@code timeoutMillis} for an event (POLLPRI) and dequeues it (VIDIOC_DQEVENT);
     * null when none came in time or {@link #close()} ended the wait.
     */
    public Event awaitEvent(int timeoutMillis) {
        Poller poller;
        synchronized (this) {
            enterWait("VIDIOC_DQEVENT");
            if (events == null) {
                try {
                    events = Poller.open(path() + " events");
                    events.watch(fd.fd(), path(), org.v4j.ioctl.Epoll.EPOLLPRI);
                } catch (RuntimeException e) {
                    exitWait();
                    throw e;
                }
            }
            poller = events;
        }
        boolean ready;
        try {
            poller.await(timeoutMillis);
            ready = poller.watchedReady();
        } finally {
            exitWait();
        }
        requireOpen("VIDIOC_DQEVENT"); // close() woke this wait
        return ready ? dequeueEvent() : null;
    }

    /** Counts a thread into a blocking wait on this device (see {@link Waiters}). */
    void enterWait(String call) {
        waiters.enter(call);
    }

    void exitWait() {
        if (waiters.isClosing()) { // only the waiter can end views confined to it: it does so on its way out
            queues.values().forEach(BufferQueue::revokeOwnViews);
        }
        waiters.exit();
    }

    /** @throws V4l2Exception {@code device closed}, naming the call, once {@link #close()} began */
    void requireOpen(String call) {
        waiters.requireOpen(call);
    }

    /** Whether {@link #close()} began. */
    boolean isClosing() {
        return waiters.isClosing();
    }

    /** VIDIOC_DQEVENT: the next pending event, or null. */
    public Event dequeueEvent() {
        return Events.dequeue(fd);
    }

    /** The device's controls. */
    public Controls controls() {
        return new Controls(this);
    }

    /** The current format of {@code type} (VIDIOC_G_FMT). */
    public Format format(BufferType type) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment f = call.allocate(V4l2Format.LAYOUT);
            V4l2Format.TYPE.set(f, KernelNumbers.value(type));
            Vidioc.gFmt(fd, f);
            return Formats.read(f);
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
            V4l2Format.TYPE.set(f, KernelNumbers.value(type));
            Vidioc.gFmt(fd, f);
            Formats.request(f, width, height, pixelFormat);
            Vidioc.sFmt(fd, f);
            return Formats.read(f);
        }
    }

    /** The buffer queue of {@code type}; one per type for the life of this device. */
    public synchronized BufferQueue queue(BufferType type) {
        requireOpen("queue " + type);
        return queues.computeIfAbsent(type, t -> new BufferQueue(this, t, arena));
    }

    /**
     * Frees every queue's buffers, then closes the fd. Idempotent. On a removed device the
     * teardown ioctls answer ENODEV: that is not reported, as the kernel has already let go of
     * the buffers; the mappings and fds are released all the same.
     */
    @Override
    public synchronized void close() {
        if (!fd.isOpen()) {
            return;
        }
        waiters.closeAll(queues.values(), events);
        RuntimeException failure = null;
        for (BufferQueue queue : queues.values()) {
            try {
                queue.close();
            } catch (V4l2Exception e) {
                if (!removed(e)) {
                    failure = Attempts.merge(failure, e);
                }
            } catch (RuntimeException e) {
                failure = Attempts.merge(failure, e);
            }
        }
        queues.clear();
        if (events != null) {
            events.close();
        }
        try {
            fd.close();
        } catch (RuntimeException e) {
            failure = Attempts.merge(failure, e);
        }
        arena.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether {@code e} and everything suppressed with it is ENODEV. */
    private static boolean removed(V4l2Exception e) {
        for (Throwable t : e.getSuppressed()) {
            if (!(t instanceof V4l2Exception v && v.errno() == Errno.ENODEV)) {
                return false;
            }
        }
        return e.errno() == Errno.ENODEV;
    }

    @Override
    public String toString() {
        return path() + " (" + capability.driver() + ")";
    }
}
