package org.v4j.device;

import java.lang.foreign.Arena;
import java.util.Set;
import org.v4j.api.Format;
import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.Vidioc;

/**
 * The allocation half of a {@link BufferQueue}: what VIDIOC_REQBUFS granted (the memory type, the
 * format the buffers were allocated for, a {@link DeviceFrame} per buffer), VIDIOC_QUERYBUF, and
 * the {@link Buffers} installed on them. Its own file only to keep the queue's streaming half
 * readable: it has no lock of its own and runs under the queue's, like the rest of the queue.
 */
final class QueueAllocation {
    private final BufferQueue queue;
    private final BufferStruct struct;
    private final RequestBuffers reqbufs;
    // written under the queue's lock, read without it (frames read their format while another thread may hold the lock)
    private volatile MemoryType memory;
    private volatile Format format;
    private volatile DeviceFrame[] frames = new DeviceFrame[0];
    private volatile Buffers<?> buffers;

    QueueAllocation(BufferQueue queue, BufferStruct struct, Arena arena) {
        this.queue = queue;
        this.struct = struct;
        this.reqbufs = new RequestBuffers(queue.device().fd(), queue.type(), arena);
    }

    /** The memory type of the allocated buffers, or null when none are allocated. */
    MemoryType memory() {
        return memory;
    }

    /** The format the buffers were allocated for. */
    Format format() {
        return format;
    }

    /** One frame per allocated buffer; empty when none are. */
    DeviceFrame[] frames() {
        return frames;
    }

    /** The buffers installed now, or null. */
    Buffers<?> buffers() {
        return buffers;
    }

    /** Installs {@code allocated}: each frame gets its buffer's handles. */
    <B extends Buffers<?>> B install(B allocated) {
        buffers = allocated;
        for (int i = 0; i < frames.length; i++) {
            frames[i].attach(allocated.handles(i));
        }
        return allocated;
    }

    /** The installed buffers, which the queue then no longer has (for freeing them), or null. */
    Buffers<?> uninstall() {
        Buffers<?> current = buffers;
        buffers = null;
        return current;
    }

    void requireNoBuffers() {
        Device device = queue.device();
        device.requireOpen("VIDIOC_REQBUFS");
        if (buffers != null) {
            throw new IllegalStateException(device.path() + ": buffers already allocated (" + memory + "); free them first");
        }
    }

    /**
     * VIDIOC_REQBUFS: asks the driver for {@code count} buffers of {@code memoryType} and returns
     * how many it granted, creating their frames; {@code count} 0 frees them (every mapping must be
     * gone by then). For {@link Buffers}, which pairs it with the memory.
     */
    int requestBuffers(MemoryType memoryType, int count) {
        synchronized (queue) {
            if (count == 0) {
                queue.reclaim();
            }
            int granted = reqbufs.request(memoryType, count);
            if (count == 0) {
                memory = null;
                frames = new DeviceFrame[0];
                return 0;
            }
            memory = memoryType;
            format = queue.device().format(queue.type());
            frames = new DeviceFrame[granted];
            for (int i = 0; i < granted; i++) {
                frames[i] = new DeviceFrame(queue, i, format.planes().size());
            }
            return granted;
        }
    }

    /** REQBUFS 0's answer: the memory types the driver supports. Only while no buffers are allocated. */
    Set<MemoryType> supportedMemory() {
        if (memory != null) {
            throw new IllegalStateException(queue.device().path() + ": " + frames.length + " " + memory
                    + " buffers are allocated; probing would free them");
        }
        return reqbufs.supported();
    }

    /** VIDIOC_QUERYBUF for buffer {@code index}, for {@link Buffers}: its planes' lengths and MMAP offsets. */
    BufferStruct queryBuffer(int index) {
        synchronized (queue) {
            checkIndex(index);
            struct.prepare(index, memory);
            Vidioc.querybuf(queue.device().fd(), struct.buffer);
            return struct;
        }
    }

    /** Throws unless buffer {@code index} is allocated (and, while the device closes, that it is open). */
    void checkIndex(int index) {
        Device device = queue.device();
        if (device.isClosing()) { // the name is built only then: frame(i) and QBUF run per frame
            device.requireOpen("buffer " + index);
        }
        if (memory == null) {
            throw new IllegalStateException(device.path() + ": no buffers allocated (VIDIOC_REQBUFS)");
        }
        if (index < 0 || index >= frames.length) {
            throw new IndexOutOfBoundsException(device.path() + ": buffer " + index + " of " + frames.length);
        }
    }
}
