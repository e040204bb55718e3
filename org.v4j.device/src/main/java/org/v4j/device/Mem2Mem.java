package org.v4j.device;

import org.v4j.api.BufferType;
import org.v4j.api.CapabilityFlag;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.Ioctl;
import org.v4j.ioctl.V4l2DecoderCmd;
import org.v4j.ioctl.V4l2EncoderCmd;
import org.v4j.ioctl.Vidioc;

/**
 * A memory-to-memory node (V4L2_CAP_VIDEO_M2M or _M2M_MPLANE: a converter such as vim2m, a
 * stateful codec such as vicodec): one fd with an OUTPUT queue the application fills and a
 * CAPTURE queue the driver fills from it. Each queue allocates from its own memory provider
 * ({@link BufferQueue#allocate}), chosen at run time; one {@link Poller} serves both, so a single
 * thread feeds OUTPUT and drains CAPTURE: {@link #await} returns when either has a buffer done,
 * an event is pending or {@link #wakeup()} was called, and {@link #ready} names which.
 *
 * <p>Formats belong to the open file (the m2m context), not to the node: set them here, not with
 * another open of the same path.
 */
public final class Mem2Mem implements AutoCloseable {
    private final Device device;
    private final BufferQueue output;
    private final BufferQueue capture;
    private final Poller poller;
    /** VIDIOC_ENCODER_CMD or VIDIOC_DECODER_CMD, whichever the node answered; null until asked. */
    private Ioctl codecCommands;

    private Mem2Mem(Device device, BufferQueue output, BufferQueue capture, Poller poller) {
        this.device = device;
        this.output = output;
        this.capture = capture;
        this.poller = poller;
    }

    /**
     * Opens {@code path} as a memory-to-memory device.
     *
     * @throws V4l2Exception when it is not a streaming M2M node, or as {@link Device#open}
     */
    public static Mem2Mem open(String path) {
        Device device = Device.open(path);
        Poller poller = null;
        try {
            boolean mp = device.capability().has(CapabilityFlag.VIDEO_M2M_MPLANE);
            if (!device.capability().has(CapabilityFlag.STREAMING)
                    || !(mp || device.capability().has(CapabilityFlag.VIDEO_M2M))) {
                throw new V4l2Exception("not a streaming memory-to-memory device (device_caps 0x%08x)"
                        .formatted(device.capability().deviceCaps()), path, "VIDIOC_QUERYCAP");
            }
            BufferQueue output = device.queue(mp ? BufferType.VIDEO_OUTPUT_MPLANE : BufferType.VIDEO_OUTPUT);
            BufferQueue capture = device.queue(mp ? BufferType.VIDEO_CAPTURE_MPLANE : BufferType.VIDEO_CAPTURE);
            poller = Poller.open(path + " m2m");
            poller.add(output);
            poller.add(capture);
            return new Mem2Mem(device, output, capture, poller);
        } catch (RuntimeException e) {
            if (poller != null) {
                poller.close();
            }
            device.close();
            throw e;
        }
    }

    public Device device() {
        return device;
    }

    /** The queue the application fills (raw frames for an encoder, a bitstream for a decoder). */
    public BufferQueue output() {
        return output;
    }

    /** The queue the driver fills. */
    public BufferQueue capture() {
        return capture;
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for a done buffer on either queue, an
     * event, the node's removal or {@link #wakeup()}; returns how many queues are {@link #ready}.
     * Only one thread waits; it then dequeues with {@link BufferQueue#dequeueReady()}.
     */
    public int await(int timeoutMillis) {
        device.requireOpen("epoll_wait");
        return poller.await(timeoutMillis);
    }

    /** The {@code i}th queue the last {@link #await} found ready (an event shows on both). */
    public BufferQueue ready(int i) {
        return poller.ready(i);
    }

    /**
     * Serves another device's queue in the same wait (a camera feeding this encoder), so one
     * thread moves buffers between the two devices. {@link #unserve} it before closing its device.
     */
    public void serve(BufferQueue queue) {
        poller.add(queue);
    }

    /** Stops serving a queue given to {@link #serve}. */
    public void unserve(BufferQueue queue) {
        poller.remove(queue);
    }

    /**
     * Drains a stateful codec: V4L2_ENC_CMD_STOP (encoder) or V4L2_DEC_CMD_STOP (decoder). The
     * driver processes what OUTPUT holds, then marks the last CAPTURE buffer with
     * V4L2_BUF_FLAG_LAST ({@link BufferQueue#isDrained()}) and sends V4L2_EVENT_EOS, which may come
     * before the last buffers: the end is the LAST buffer, not the event.
     */
    public void stop() {
        codecCommand(V4l2EncoderCmd.ENC_CMD_STOP, V4l2DecoderCmd.DEC_CMD_STOP);
    }

    /**
     * Restarts a drained codec (V4L2_ENC_CMD_START / V4L2_DEC_CMD_START). vicodec keeps CAPTURE
     * answering EPIPE after it; STREAMOFF and STREAMON of CAPTURE (with its buffers queued again)
     * reset that.
     */
    public void start() {
        codecCommand(V4l2EncoderCmd.ENC_CMD_START, V4l2DecoderCmd.DEC_CMD_START);
    }

    private synchronized void codecCommand(int encoderCmd, int decoderCmd) {
        device.requireOpen("codec command");
        if (codecCommands == null) {
            try {
                Vidioc.codecCommand(device.fd(), Vidioc.ENCODER_CMD, encoderCmd);
                codecCommands = Vidioc.ENCODER_CMD;
                return;
            } catch (V4l2Exception e) {
                if (e.errno() != Errno.ENOTTY) {
                    throw e;
                }
            }
            try {
                Vidioc.codecCommand(device.fd(), Vidioc.DECODER_CMD, decoderCmd);
                codecCommands = Vidioc.DECODER_CMD;
                return;
            } catch (V4l2Exception e) {
                if (e.errno() == Errno.ENOTTY) {
                    throw new V4l2Exception("not a stateful codec: neither VIDIOC_ENCODER_CMD nor VIDIOC_DECODER_CMD",
                            e);
                }
                throw e;
            }
        }
        Vidioc.codecCommand(device.fd(), codecCommands, codecCommands == Vidioc.ENCODER_CMD ? encoderCmd : decoderCmd);
    }

    /** Wakes the thread in {@link #await}; from any thread. */
    public void wakeup() {
        poller.wakeup();
    }

    /** Stops serving both queues, then closes the device (which frees both queues' buffers). Idempotent. */
    @Override
    public void close() {
        try {
            poller.remove(output);
            poller.remove(capture);
            poller.close();
        } finally {
            device.close();
        }
    }

    @Override
    public String toString() {
        return device.path() + " (m2m " + device.capability().driver() + ")";
    }
}
