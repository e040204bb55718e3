package org.v4j.device;

import java.lang.foreign.MemorySegment;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.Syscalls;
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
     * @throws IllegalArgumentException for handles of another memory type or plane count, and
     *         imported memory that is smaller than the format's plane size, freed, not
     *         page-aligned (USERPTR), not a dma-buf or smaller than its source claims (DMABUF), or
     *         queued on another buffer already; only freed memory for handles checked before
     *         ({@code imported} false: a requeue, or memory a provider supplied)
     */
    static void check(BufferQueue queue, int index, BufferHandles handles, boolean imported) {
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
            long length = switch (handles.plane(p)) {
                case MmapHandle mmap -> needed; // the driver's own memory
                case UserPtrHandle user -> {
                    if (!user.segment().scope().isAlive()) {
                        throw new IllegalArgumentException(where(path, index, p) + "USERPTR memory that was freed (its arena is closed)");
                    }
                    if (imported && user.segment().address() % Syscalls.PAGE_SIZE != 0) {
                        throw new IllegalArgumentException(where(path, index, p) + "USERPTR memory at 0x"
                                + Long.toHexString(user.segment().address()) + " is not page-aligned (" + Syscalls.PAGE_SIZE
                                + " bytes)");
                    }
                    yield user.length();
                }
                case DmaBufHandle<?> dmabuf -> {
                    int fd = dmabuf.source().fd();
                    if (fd < 0) {
                        throw new IllegalArgumentException(where(path, index, p) + "a closed dma-buf");
                    }
                    long there = imported ? dmabufSize(fd, path) : dmabuf.length(); // one lseek, not one per frame
                    if (there < dmabuf.length()) {
                        throw new IllegalArgumentException(where(path, index, p) + "dma-buf fd " + fd + " holds " + there
                                + " bytes, not the " + dmabuf.length() + " its source claims");
                    }
                    yield dmabuf.length();
                }
            };
            if (length < needed) {
                throw new IllegalArgumentException(where(path, index, p) + handles.memoryType() + " memory of " + length
                        + " bytes, the format needs " + needed + " (sizeimage of " + format.describe() + ")");
            }
            if (imported) {
                checkNotQueuedElsewhere(queue, index, p, handles.plane(p));
            }
        }
    }

    /** Names the plane in a refusal; built only then, as QBUF of a checked buffer allocates nothing. */
    private static String where(String path, int index, int plane) {
        return path + ": buffer " + index + " plane " + plane + ": ";
    }

    /** What a dma-buf fd holds, from lseek to its end; an fd that cannot say is not a dma-buf. */
    private static long dmabufSize(int fd, String path) {
        try {
            return Syscalls.size(fd, "fd " + fd);
        } catch (V4l2Exception e) {
            throw new IllegalArgumentException(path + ": fd " + fd + " is not a dma-buf (lseek: " + e.errnoName() + ")", e);
        }
    }

    /** Imported memory queued on two buffers would be filled twice at once: refused. */
    private static void checkNotQueuedElsewhere(BufferQueue queue, int index, int p, PlaneHandle<?> handle) {
        for (int other = 0; other < queue.size(); other++) {
            DeviceFrame frame = queue.frame(other);
            BufferHandles queued = other != index && frame.isQueued() ? frame.heldHandles() : null;
            for (int q = 0; queued != null && q < queued.planeCount(); q++) {
                if (overlaps(handle, queued.plane(q))) {
                    throw new IllegalArgumentException(where(queue.device().path(), index, p) + "its " + handle.memory().type()
                            + " memory is queued on buffer " + other + " plane " + q + " already");
                }
            }
        }
    }

    private static boolean overlaps(PlaneHandle<?> a, PlaneHandle<?> b) {
        if (a instanceof UserPtrHandle x && b instanceof UserPtrHandle y) {
            long xa = x.segment().address(), ya = y.segment().address();
            return xa < ya + y.length() && ya < xa + x.length();
        }
        return a instanceof DmaBufHandle<?> x && b instanceof DmaBufHandle<?> y && x.source().fd() == y.source().fd();
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
