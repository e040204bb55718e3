package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.v4j.api.BufferType;
import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.V4l2Buffer;
import org.v4j.ioctl.V4l2Plane;

/**
 * The one {@code struct v4l2_buffer} (and, for multi-planar queues, its {@code v4l2_plane} array)
 * that a queue fills for every QUERYBUF, QBUF and DQBUF: allocated once, so the streaming path
 * allocates nothing.
 */
final class BufferStruct {
    final MemorySegment buffer;
    final MemorySegment planes;
    private final BufferType type;

    BufferStruct(BufferType type, Arena arena) {
        this.type = type;
        this.buffer = arena.allocate(V4l2Buffer.LAYOUT);
        this.planes = arena.allocate(V4l2Plane.ARRAY);
    }

    /** Clears the struct for buffer {@code index} of {@code memory}. */
    void prepare(int index, MemoryType memory) {
        buffer.fill((byte) 0);
        V4l2Buffer.INDEX.set(buffer, index);
        V4l2Buffer.TYPE.set(buffer, KernelNumbers.value(type));
        V4l2Buffer.MEMORY.set(buffer, KernelNumbers.value(memory));
        if (type.isMultiplanar()) {
            planes.fill((byte) 0);
            V4l2Buffer.M_PLANES.set(buffer, planes);
            V4l2Buffer.LENGTH.set(buffer, (int) V4l2Plane.ARRAY.elementCount());
        }
    }

    /** The buffer index the driver wrote (DQBUF). */
    int index() {
        return (int) V4l2Buffer.INDEX.get(buffer);
    }

    /** How many planes the driver described (QUERYBUF). */
    int planeCount() {
        return type.isMultiplanar() ? (int) V4l2Buffer.LENGTH.get(buffer) : 1;
    }

    /** Plane {@code plane}'s length as the driver gave it (QUERYBUF). */
    long planeLength(int plane) {
        return Integer.toUnsignedLong(type.isMultiplanar() ? (int) V4l2Plane.LENGTH_AT.get(planes, (long) plane)
                : (int) V4l2Buffer.LENGTH.get(buffer));
    }

    /** Plane {@code plane}'s MMAP offset (QUERYBUF's {@code m.mem_offset}). */
    long planeOffset(int plane) {
        return Integer.toUnsignedLong(type.isMultiplanar() ? (int) V4l2Plane.M_MEM_OFFSET_AT.get(planes, (long) plane)
                : (int) V4l2Buffer.M_OFFSET.get(buffer));
    }
}
