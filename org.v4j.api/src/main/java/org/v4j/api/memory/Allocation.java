package org.v4j.api.memory;

import java.util.List;
import org.v4j.api.PlaneFormat;

/**
 * One allocation of a queue's buffers, as a {@link org.v4j.api.MemoryProvider} sees it: the
 * device layer asks for the memory of each plane of each buffer with a {@link PlaneRequest} that
 * names it. A provider that serves several planes from one source (a device it exports from)
 * keys that source by {@link #id()}.
 *
 * @param id       unique within the process
 * @param device   the device path, for messages
 * @param fd       the device's open fd: MMAP memory is mapped from it
 * @param capture  whether the queue captures (its memory is read by the CPU, never written)
 * @param buffers  how many buffers the driver granted
 * @param planes   the format's planes, in order
 * @param width    the format's width in pixels
 * @param source   where memory should come from, in the provider's terms; null: its default
 */
public record Allocation(long id, String device, int fd, boolean capture, int buffers, List<PlaneFormat> planes,
        int width, String source) {
    public Allocation {
        planes = List.copyOf(planes);
    }
}
