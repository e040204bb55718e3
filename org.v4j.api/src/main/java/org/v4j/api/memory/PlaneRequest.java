package org.v4j.api.memory;

/**
 * The memory of one plane of one buffer that the device layer asks a provider for, after
 * REQBUFS and QUERYBUF: what the driver said about the plane.
 *
 * @param allocation which allocation the plane belongs to
 * @param index      the buffer index
 * @param plane      the plane number
 * @param length     the plane's size in bytes (QUERYBUF's length; at least the format's sizeimage)
 * @param offset     for MMAP, the offset to map on the device fd (QUERYBUF's {@code m.mem_offset}); 0 otherwise
 */
public record PlaneRequest(Allocation allocation, int index, int plane, long length, long offset) {}
