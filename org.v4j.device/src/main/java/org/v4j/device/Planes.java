package org.v4j.device;

import java.lang.foreign.MemorySegment;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.ioctl.V4l2Buffer;
import org.v4j.ioctl.V4l2Plane;

/**
 * The planes of a QBUF: what is checked before the ioctl, and how each kind of handle fills
 * {@code v4l2_buffer.m} / {@code v4l2_plane.m}, with one exhaustive switch over the sealed
 * {@link PlaneHandle}, so that providers never see a layout.
 */
final class Planes {
    private Planes() {}

    /**
     * @throws IllegalArgumentException for handles of another memory type or plane count, or
     *         imported memory smaller than the format's plane size
     */
    static void check(BufferQueue queue, int index, BufferHandles handles) {
        String path = queue.device().path();
        Format format = queue.format();
        if (handles.memoryType() != queue.memoryType()) {
            throw new IllegalArgumentException(path + ": " + handles.memoryType() + " handles for a queue of "
                    + queue.memoryType() + " buffers");
        }
        if (handles.planeCount() != format.planes().size()) {
            throw new IllegalArgumentException(path + ": " + handles.planeCount() + " plane handles for a "
                    + format.planes().size() + "-plane format (" + format.describe() + ")");
        }
        for (int p = 0; p < handles.planeCount(); p++) {
            long needed = format.planes().get(p).sizeImage();
            if (!(handles.plane(p) instanceof MmapHandle) && handles.plane(p).length() < needed) {
                throw new IllegalArgumentException(path + ": buffer " + index + " plane " + p + ": "
                        + handles.memoryType() + " memory of " + handles.plane(p).length() + " bytes, the format needs "
                        + needed + " (sizeimage of " + format.describe() + ")");
            }
        }
    }

    /** Writes where each plane's memory is, and the bytes used (output), into a prepared buffer. */
    static void describe(MemorySegment buffer, MemorySegment planes, BufferType type, BufferHandles handles,
            DeviceFrame frame) {
        boolean mp = type.isMultiplanar();
        if (mp) {
            V4l2Buffer.LENGTH.set(buffer, handles.planeCount());
        }
        for (int p = 0; p < handles.planeCount(); p++) {
            int bytesUsed = type.isCapture() ? 0 : frame.bytesUsed(p);
            switch (handles.plane(p)) {
                case MmapHandle mmap -> {
                    // the driver owns MMAP memory: nothing to pass
                }
                case UserPtrHandle user -> {
                    if (mp) {
                        V4l2Plane.M_USERPTR_AT.set(planes, (long) p, user.segment().address());
                        V4l2Plane.LENGTH_AT.set(planes, (long) p, (int) user.length());
                    } else {
                        V4l2Buffer.M_USERPTR.set(buffer, user.segment().address());
                        V4l2Buffer.LENGTH.set(buffer, (int) user.length());
                    }
                }
                case DmaBufHandle<?> dmabuf -> {
                    if (mp) {
                        V4l2Plane.M_FD_AT.set(planes, (long) p, dmabuf.source().fd());
                        V4l2Plane.LENGTH_AT.set(planes, (long) p, (int) dmabuf.length());
                    } else {
                        V4l2Buffer.M_FD.set(buffer, dmabuf.source().fd());
                        V4l2Buffer.LENGTH.set(buffer, (int) dmabuf.length());
                    }
                }
            }
            if (mp) {
                V4l2Plane.BYTESUSED_AT.set(planes, (long) p, bytesUsed);
            } else {
                V4l2Buffer.BYTESUSED.set(buffer, bytesUsed);
            }
        }
    }
}
