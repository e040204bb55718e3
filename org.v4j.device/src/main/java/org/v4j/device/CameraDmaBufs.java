package org.v4j.device;

import java.util.ArrayList;
import java.util.List;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.DmaBufSource;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.api.memory.SelfBacked;

/**
 * A camera's buffers as the dma-bufs an encoder's OUTPUT imports, by buffer index, for
 * {@link EncodeChain}: MMAP buffers exported (VIDIOC_EXPBUF; the exports close when the camera
 * frees its buffers), DMABUF buffers' own dma-bufs (the very fds the camera imports). USERPTR
 * memory has no dma-buf and is refused by name: the chain does not copy.
 */
final class CameraDmaBufs {
    private final BufferQueue camera;
    private final List<DmaBufFd> exports = new ArrayList<>();
    private final List<DmaBufSource> sources = new ArrayList<>();
    private final List<PrimitiveBufferHandles<DmaBuf, ? extends PlaneHandle<DmaBuf>>> handles = new ArrayList<>();

    CameraDmaBufs(BufferQueue camera) {
        this.camera = camera;
    }

    /** Refuses camera memory the encoder cannot import. */
    void refuse(MemoryType memory) {
        if (memory != MemoryType.MMAP && memory != MemoryType.DMABUF) {
            throw new V4l2Exception("the camera's " + memory + " buffers cannot be exported"
                    + " (VIDIOC_EXPBUF needs MMAP); the chain does not copy", camera.device().path(), "VIDIOC_EXPBUF");
        }
    }

    /** Takes the camera's current buffers: each one's dma-buf, in place of the ones before. */
    void bind(Buffers<? extends PlaneHandle<?>> buffers) {
        refuse(buffers.memoryType());
        clear();
        for (int i = 0; i < buffers.size(); i++) {
            if (buffers.memoryType() == MemoryType.MMAP) {
                @SuppressWarnings("unchecked")
                Buffers<? extends PlaneHandle<? extends SelfBacked>> selfBacked =
                        (Buffers<? extends PlaneHandle<? extends SelfBacked>>) buffers;
                DmaBufFd fd = camera.export(selfBacked, i, 0);
                exports.add(fd);
                sources.add(fd);
                handles.add(new PrimitiveBufferHandles<>(DmaBuf.INSTANCE, List.of(new DmaBufHandle<>(fd, null))));
            } else {
                BufferHandles own = buffers.handles(i);
                @SuppressWarnings("unchecked")
                PrimitiveBufferHandles<DmaBuf, ? extends PlaneHandle<DmaBuf>> dmabuf =
                        (PrimitiveBufferHandles<DmaBuf, ? extends PlaneHandle<DmaBuf>>) own;
                sources.add(((DmaBufHandle<?>) own.plane(0)).source());
                handles.add(dmabuf);
            }
        }
    }

    void clear() {
        exports.clear();
        sources.clear();
        handles.clear();
    }

    /** The handles to queue encoder OUTPUT buffer {@code index} with: camera buffer {@code index}'s dma-buf. */
    PrimitiveBufferHandles<DmaBuf, ? extends PlaneHandle<DmaBuf>> handles(int index) {
        return handles.get(index);
    }

    List<DmaBufFd> exports() {
        return List.copyOf(exports);
    }

    List<DmaBufSource> sources() {
        return List.copyOf(sources);
    }
}
