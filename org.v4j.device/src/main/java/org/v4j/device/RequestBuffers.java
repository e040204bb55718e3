package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import org.v4j.api.BufferType;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Errno;
import org.v4j.ioctl.V4l2Requestbuffers;
import org.v4j.ioctl.Vidioc;

/**
 * VIDIOC_REQBUFS of one queue: allocation (count > 0), freeing (count 0), and the count-0 probe of
 * which memory types the driver supports. The queue pairs it with its frames; {@link Buffers}
 * pairs it with the memory.
 */
final class RequestBuffers {
    private final DeviceFd fd;
    private final BufferType type;
    private final MemorySegment reqbufs;

    RequestBuffers(DeviceFd fd, BufferType type, Arena arena) {
        this.fd = fd;
        this.type = type;
        this.reqbufs = arena.allocate(V4l2Requestbuffers.LAYOUT);
    }

    /** Asks for {@code count} buffers of {@code memory}; returns how many the driver granted (0 frees). */
    int request(MemoryType memory, int count) {
        reqbufs.fill((byte) 0);
        V4l2Requestbuffers.COUNT.set(reqbufs, count);
        V4l2Requestbuffers.TYPE.set(reqbufs, KernelNumbers.value(type));
        V4l2Requestbuffers.MEMORY.set(reqbufs, KernelNumbers.value(memory));
        try {
            Vidioc.reqbufs(fd, reqbufs);
        } catch (V4l2Exception e) {
            if (e.errno() == Errno.EINVAL && count > 0) {
                throw new V4l2Exception(memory + " streaming not supported for " + type, e);
            }
            throw e;
        }
        int granted = (int) V4l2Requestbuffers.COUNT.get(reqbufs);
        if (count > 0 && granted == 0) {
            throw new V4l2Exception("the driver granted no " + memory + " buffers", fd.path(), Vidioc.REQBUFS.name());
        }
        return granted;
    }

    /**
     * The memory types the driver supports: the {@code V4L2_BUF_CAP_SUPPORTS_*} flags of REQBUFS
     * with count 0; a driver that reports none is probed with REQBUFS 0 for each type (EINVAL: not
     * supported). REQBUFS 0 frees buffers: only while none are allocated.
     */
    Set<MemoryType> supported() {
        int capabilities = probe(MemoryType.MMAP) ? capabilities() : 0;
        Set<MemoryType> supported = EnumSet.noneOf(MemoryType.class);
        for (MemoryType candidate : MemoryType.values()) {
            if (capabilities != 0 ? (capabilities & KernelNumbers.supportsFlag(candidate)) != 0 : probe(candidate)) {
                supported.add(candidate);
            }
        }
        return supported;
    }

    private boolean probe(MemoryType memory) {
        try {
            request(memory, 0);
            return true;
        } catch (V4l2Exception e) {
            if (e.errno() == Errno.EINVAL) {
                return false;
            }
            throw e;
        }
    }

    /** The {@code V4L2_BUF_CAP_*} flags the last REQBUFS reported. */
    int capabilities() {
        return (int) V4l2Requestbuffers.CAPABILITIES.get(reqbufs);
    }
}
