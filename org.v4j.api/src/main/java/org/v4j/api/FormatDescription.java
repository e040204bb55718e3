package org.v4j.api;

/** One entry of VIDIOC_ENUM_FMT. */
public record FormatDescription(int index, PixelFormat pixelFormat, String description, int flags) {}
