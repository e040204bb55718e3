package org.v4j.api;

/** Stride and size of one plane of a format, as the driver reports them. */
public record PlaneFormat(int bytesPerLine, int sizeImage) {}
