package org.v4j.capture;

import java.util.Set;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Event;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.device.BufferQueue;
import org.v4j.device.Device;

/**
 * The device of a new stream and its capture queue, opened and set to the request's format (a
 * pixel format the driver replaced is an error): the {@link StreamQueue} over the real device.
 */
final class StreamDevice implements StreamQueue {
    private final Device device;
    private final BufferQueue queue;

    private StreamDevice(Device device, BufferQueue queue) {
        this.device = device;
        this.queue = queue;
    }

    /** Opens the request's device and sets its format; on failure nothing stays open. */
    static StreamDevice open(CaptureRequest request) {
        Device device = Device.open(request.device());
        try {
            BufferType type = device.captureType();
            Format format = request.setsFormat()
                    ? device.setFormat(type, request.width(), request.height(), request.pixelFormat())
                    : device.format(type);
            if (request.pixelFormat() != null && !format.pixelFormat().equals(request.pixelFormat())) {
                throw new V4l2Exception("pixel format " + request.pixelFormat() + " is not supported (offers "
                        + device.formats(type).stream().map(f -> f.pixelFormat().toString()).toList() + ")",
                        device.path(), "VIDIOC_S_FMT");
            }
            return new StreamDevice(device, device.queue(type));
        } catch (RuntimeException e) {
            try {
                device.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public String path() {
        return device.path();
    }

    @Override
    public Capability capability() {
        return device.capability();
    }

    @Override
    public BufferType type() {
        return queue.type();
    }

    @Override
    public Format format() {
        return queue.format();
    }

    @Override
    public Set<MemoryType> supportedMemory() {
        return queue.supportedMemory();
    }

    @Override
    public int allocate(MemoryProvider<?> provider, int count, String source) {
        return queue.allocate(provider, count, source).size();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int queuedCount() {
        return queue.queuedCount();
    }

    @Override
    public Frame frame(int index) {
        return queue.frame(index);
    }

    @Override
    public boolean takeRelease(int index) {
        return queue.frame(index).takeRelease();
    }

    @Override
    public void queue(int index) {
        queue.queue(index);
    }

    @Override
    public void streamOn() {
        queue.streamOn();
    }

    @Override
    public void streamOff() {
        queue.streamOff();
    }

    @Override
    public Frame dequeue(int timeoutMillis) {
        return queue.dequeue(timeoutMillis);
    }

    @Override
    public boolean awaitWakeup(int timeoutMillis) {
        return queue.awaitWakeup(timeoutMillis);
    }

    @Override
    public void confineViews() {
        queue.confineViews();
    }

    @Override
    public void wakeup() {
        queue.wakeup();
    }

    @Override
    public boolean takeEventPending() {
        return queue.takeEventPending();
    }

    @Override
    public Event dequeueEvent() {
        return device.dequeueEvent();
    }

    @Override
    public void subscribe(EventType type, int id) {
        device.subscribe(type, id, false);
    }

    @Override
    public void free() {
        queue.free();
    }

    @Override
    public void close() {
        device.close();
    }
}
