package org.v4j.device;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.PixelFormat;
import org.v4j.api.PlaneFormat;
import org.v4j.ioctl.V4l2Format;
import org.v4j.ioctl.V4l2PixFormat;
import org.v4j.ioctl.V4l2PixFormatMplane;
import org.v4j.ioctl.V4l2PlanePixFormat;

/** {@code struct v4l2_format} to and from the contract's {@link Format} (VIDIOC_G_FMT/S_FMT). */
final class Formats {
    private Formats() {}

    /** Reads a filled {@code struct v4l2_format}. */
    static Format read(MemorySegment f) {
        BufferType type = KernelNumbers.bufferType((int) V4l2Format.TYPE.get(f));
        if (type.isMultiplanar()) {
            MemorySegment mp = f.asSlice(V4l2Format.PIX_MP, V4l2PixFormatMplane.LAYOUT);
            int n = Byte.toUnsignedInt((byte) V4l2PixFormatMplane.NUM_PLANES.get(mp));
            List<PlaneFormat> planes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment p = mp.asSlice(V4l2PixFormatMplane.PLANE_FMT + i * V4l2PlanePixFormat.LAYOUT.byteSize(),
                        V4l2PlanePixFormat.LAYOUT);
                planes.add(new PlaneFormat((int) V4l2PlanePixFormat.BYTESPERLINE.get(p),
                        (int) V4l2PlanePixFormat.SIZEIMAGE.get(p)));
            }
            return new Format(type, (int) V4l2PixFormatMplane.WIDTH.get(mp), (int) V4l2PixFormatMplane.HEIGHT.get(mp),
                    new PixelFormat((int) V4l2PixFormatMplane.PIXELFORMAT.get(mp)),
                    (int) V4l2PixFormatMplane.FIELD.get(mp), (int) V4l2PixFormatMplane.COLORSPACE.get(mp), planes);
        }
        MemorySegment p = f.asSlice(V4l2Format.PIX, V4l2PixFormat.LAYOUT);
        return new Format(type, (int) V4l2PixFormat.WIDTH.get(p), (int) V4l2PixFormat.HEIGHT.get(p),
                new PixelFormat((int) V4l2PixFormat.PIXELFORMAT.get(p)), (int) V4l2PixFormat.FIELD.get(p),
                (int) V4l2PixFormat.COLORSPACE.get(p),
                List.of(new PlaneFormat((int) V4l2PixFormat.BYTESPERLINE.get(p), (int) V4l2PixFormat.SIZEIMAGE.get(p))));
    }

    /**
     * Changes size and pixel format in a {@code struct v4l2_format} read by G_FMT, for S_FMT; a
     * size of 0 keeps the current one.
     */
    static void request(MemorySegment f, int width, int height, PixelFormat pixelFormat) {
        BufferType type = KernelNumbers.bufferType((int) V4l2Format.TYPE.get(f));
        boolean resize = width > 0 && height > 0;
        if (type.isMultiplanar()) {
            MemorySegment mp = f.asSlice(V4l2Format.PIX_MP, V4l2PixFormatMplane.LAYOUT);
            if (resize) {
                V4l2PixFormatMplane.WIDTH.set(mp, width);
                V4l2PixFormatMplane.HEIGHT.set(mp, height);
            }
            if (pixelFormat != null) {
                V4l2PixFormatMplane.PIXELFORMAT.set(mp, pixelFormat.fourcc());
            }
            // strides and sizes of the old format would be kept (drivers honour larger strides): let the driver choose
            V4l2PixFormatMplane.NUM_PLANES.set(mp, (byte) 0);
            mp.asSlice(V4l2PixFormatMplane.PLANE_FMT,
                    V4l2PixFormatMplane.VIDEO_MAX_PLANES * V4l2PlanePixFormat.LAYOUT.byteSize()).fill((byte) 0);
        } else {
            MemorySegment p = f.asSlice(V4l2Format.PIX, V4l2PixFormat.LAYOUT);
            if (resize) {
                V4l2PixFormat.WIDTH.set(p, width);
                V4l2PixFormat.HEIGHT.set(p, height);
            }
            if (pixelFormat != null) {
                V4l2PixFormat.PIXELFORMAT.set(p, pixelFormat.fourcc());
            }
            V4l2PixFormat.BYTESPERLINE.set(p, 0);
            V4l2PixFormat.SIZEIMAGE.set(p, 0);
        }
    }
}
