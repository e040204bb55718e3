package org.v4j.device;

import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.V4l2Requestbuffers;

/** The contract's {@link MemoryType} as the kernel numbers it: {@code enum v4l2_memory} and the REQBUFS capability flags. */
final class MemoryTypes {
    private MemoryTypes() {}

    /** The value of {@code enum v4l2_memory}. */
    static int value(MemoryType type) {
        return switch (type) {
            case MMAP -> V4l2Requestbuffers.MEMORY_MMAP;
            case USERPTR -> V4l2Requestbuffers.MEMORY_USERPTR;
            case DMABUF -> V4l2Requestbuffers.MEMORY_DMABUF;
        };
    }

    /** Its {@code V4L2_BUF_CAP_SUPPORTS_*} flag in the capabilities REQBUFS reports. */
    static int supportsFlag(MemoryType type) {
        return switch (type) {
            case MMAP -> V4l2Requestbuffers.CAP_SUPPORTS_MMAP;
            case USERPTR -> V4l2Requestbuffers.CAP_SUPPORTS_USERPTR;
            case DMABUF -> V4l2Requestbuffers.CAP_SUPPORTS_DMABUF;
        };
    }
}
