package org.v4j.api;

/**
 * Where one plane of a driver-allocated buffer lives (VIDIOC_QUERYBUF): its length, and the
 * offset to pass to {@code mmap} on the device fd.
 */
public record PlaneInfo(int length, long memOffset) {}
