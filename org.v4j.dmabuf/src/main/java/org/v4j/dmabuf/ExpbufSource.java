package org.v4j.dmabuf;

import org.v4j.api.BufferPool;
import org.v4j.api.BufferQueue;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.Device;
import org.v4j.api.ExportableBufferPool;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.ioctl.V4l2Exception;

/**
 * dma-bufs exported (VIDIOC_EXPBUF) from another device's MMAP buffers. The exporter's format is
 * chosen so each of its buffers holds the largest plane asked for; one exporter buffer backs one
 * plane. Closing frees the exporter's buffers, gives the device its format back (the format is
 * device state other users see) and closes it.
 */
final class ExpbufSource implements DmaBufAllocator, AutoCloseable {
    private final Device exporter;
    private final BufferType type;
    private final Format original;
    private final ExportableBufferPool pool;
    private int next;

    private ExpbufSource(Device exporter, BufferType type, Format original, ExportableBufferPool pool) {
        this.exporter = exporter;
        this.type = type;
        this.original = original;
        this.pool = pool;
    }

    /** Opens {@code path} and allocates {@code buffers} MMAP buffers of at least {@code largest} bytes. */
    static ExpbufSource open(String path, MemoryProvider mmap, int buffers, long largest, int width) {
        if (mmap == null) {
            throw new IllegalStateException("exporting dma-bufs from " + path + " needs the MMAP memory provider");
        }
        Device exporter = Device.open(path);
        try {
            BufferType type = exportType(exporter);
            Format original = exporter.format(type);
            int w = Math.max(16, width);
            int h = (int) Math.max(16, (largest + 2L * w - 1) / (2L * w));
            Format format = exporter.setFormat(type, w, h, PixelFormat.YUYV);
            long size = format.planes().get(0).sizeImage();
            if (size < largest) {
                throw new V4l2Exception("exported buffers (" + format.describe() + ") would hold " + size
                        + " bytes, a plane needs " + largest, path, "VIDIOC_S_FMT", 0);
            }
            BufferQueue queue = exporter.queue(type);
            BufferPool pool = queue.allocate(mmap, buffers, null);
            if (!(pool instanceof ExportableBufferPool exportable)) {
                throw new IllegalStateException("the MMAP provider's buffers cannot be exported");
            }
            if (pool.size() < buffers) {
                throw new V4l2Exception("the exporter granted " + pool.size() + " of " + buffers + " buffers", path,
                        "VIDIOC_REQBUFS", 0);
            }
            return new ExpbufSource(exporter, type, original, exportable);
        } catch (RuntimeException e) {
            try {
                exporter.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static BufferType exportType(Device device) {
        Capability cap = device.capability();
        if (cap.has(Capability.STREAMING) && (cap.has(Capability.VIDEO_CAPTURE) || cap.has(Capability.VIDEO_CAPTURE_MPLANE))) {
            return device.captureType();
        }
        if (cap.has(Capability.STREAMING | Capability.VIDEO_OUTPUT_MPLANE)) {
            return BufferType.VIDEO_OUTPUT_MPLANE;
        }
        if (cap.has(Capability.STREAMING | Capability.VIDEO_OUTPUT)) {
            return BufferType.VIDEO_OUTPUT;
        }
        throw new V4l2Exception("cannot export: not a streaming video device (device_caps 0x%08x)"
                .formatted(cap.deviceCaps()), device.path(), "VIDIOC_QUERYCAP", 0);
    }

    @Override
    public DmaBufFd allocate(long size) {
        if (next >= pool.size()) {
            throw new IllegalStateException(exporter.path() + ": all " + pool.size() + " exported buffers are in use");
        }
        DmaBufFd fd = pool.export(next++, 0);
        if (fd.length() < size) {
            throw new V4l2Exception("exported buffer of " + fd.length() + " bytes, a plane needs " + size,
                    exporter.path(), "VIDIOC_EXPBUF", 0);
        }
        return fd;
    }

    @Override
    public void close() {
        try {
            exporter.queue(type).free();
            exporter.setFormat(type, original.width(), original.height(), original.pixelFormat());
        } finally {
            exporter.close();
        }
    }
}
