package org.v4j.capture;

import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.V4l2Exception;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.device.Device;

/** The device of a new stream, opened and set to the request's format; a pixel format the driver replaced is an error. */
final class StreamDevice {
    private StreamDevice() {}

    /** Opens the request's device and sets its format; on failure nothing stays open. */
    static Device open(CaptureRequest request) {
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
            return device;
        } catch (RuntimeException e) {
            close(device, e);
            throw e;
        }
    }

    /** Closes {@code device} after {@code e}, which carries any failure of the close. */
    static void close(Device device, RuntimeException e) {
        try {
            device.close();
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
        }
    }
}
