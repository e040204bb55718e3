package org.v4j.dmabuf;

import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.api.CapabilityFlag;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.MmapHandle;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;

/**
 * dma-bufs exported (VIDIOC_EXPBUF) from another device's MMAP buffers, for one allocation of
 * the importer. The exporter's format is chosen so each of its buffers holds the largest plane
 * asked for; one exporter buffer backs one plane. When the importer gave back its last plane, the
 * exporter's buffers are freed, the device gets its format back (the format is device state other
 * users see) and is closed.
 */
final class ExpbufSource implements DmaBufAllocator {
    private final Device exporter;
    private final BufferType type;
    private final Format original;
    private final BufferQueue queue;
    private final Buffers<MmapHandle> buffers;
    private final Runnable onClose;
    private int next;
    private int inUse;
    private boolean closed;

    private ExpbufSource(Device exporter, BufferType type, Format original, Buffers<MmapHandle> buffers, Runnable onClose) {
        this.exporter = exporter;
        this.type = type;
        this.original = original;
        this.queue = buffers.queue();
        this.buffers = buffers;
        this.onClose = onClose;
    }

    /** Opens {@code path} and allocates {@code count} MMAP buffers of at least {@code largest} bytes. */
    static ExpbufSource open(String path, MemoryProvider<MmapHandle> mmap, int count, long largest, int width,
            Runnable onClose) {
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
                        + " bytes, a plane needs " + largest, path, "VIDIOC_S_FMT");
            }
            Buffers<MmapHandle> buffers = exporter.queue(type).allocate(mmap, count, null);
            if (buffers.size() < count) {
                throw new V4l2Exception("the exporter granted " + buffers.size() + " of " + count + " buffers", path,
                        Buffers.ALLOCATION_CALL);
            }
            return new ExpbufSource(exporter, type, original, buffers, onClose);
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
        if (cap.has(CapabilityFlag.STREAMING)
                && (cap.has(CapabilityFlag.VIDEO_CAPTURE) || cap.has(CapabilityFlag.VIDEO_CAPTURE_MPLANE))) {
            return device.captureType();
        }
        if (cap.has(CapabilityFlag.STREAMING, CapabilityFlag.VIDEO_OUTPUT_MPLANE)) {
            return BufferType.VIDEO_OUTPUT_MPLANE;
        }
        if (cap.has(CapabilityFlag.STREAMING, CapabilityFlag.VIDEO_OUTPUT)) {
            return BufferType.VIDEO_OUTPUT;
        }
        throw new V4l2Exception("cannot export: not a streaming video device (device_caps 0x%08x)"
                .formatted(cap.deviceCaps()), device.path(), "VIDIOC_QUERYCAP");
    }

    @Override
    public synchronized DmaBufFd allocate(long size) {
        if (next >= buffers.size()) {
            throw new IllegalStateException(exporter.path() + ": all " + buffers.size() + " exported buffers are in use");
        }
        DmaBufFd fd = queue.export(buffers, next++, 0);
        if (fd.length() < size) {
            fd.close();
            throw new V4l2Exception("exported buffer of " + fd.length() + " bytes, a plane needs " + size,
                    exporter.path(), "VIDIOC_EXPBUF");
        }
        return fd;
    }

    synchronized void planeSupplied() {
        inUse++;
    }

    synchronized void planeGivenBack() {
        inUse--;
        closeIfUnused();
    }

    /** Frees the exporter's buffers and closes it once no plane of the importer uses them. */
    synchronized void closeIfUnused() {
        if (inUse > 0 || closed) {
            return;
        }
        closed = true;
        onClose.run();
        try {
            queue.free();
            exporter.setFormat(type, original.width(), original.height(), original.pixelFormat());
        } finally {
            exporter.close();
        }
    }
}
