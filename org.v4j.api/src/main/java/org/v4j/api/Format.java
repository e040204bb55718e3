package org.v4j.api;

import java.util.List;

/**
 * An image format of a buffer type (VIDIOC_G_FMT/S_FMT): single-planar formats have one plane,
 * multi-planar ones one {@link PlaneFormat} per memory plane.
 */
public record Format(BufferType type, int width, int height, PixelFormat pixelFormat, int field, int colorspace,
        List<PlaneFormat> planes) {
    public Format {
        planes = List.copyOf(planes);
    }

    /** {@code 640x360 YUYV}, as the summary line prints it. */
    public String describe() {
        return width + "x" + height + " " + pixelFormat;
    }
}
