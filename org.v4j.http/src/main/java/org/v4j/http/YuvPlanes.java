package org.v4j.http;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.v4j.api.Format;

/**
 * A frame as three full-range planes, Y then Cb then Cr, what TurboJPEG compresses from: packed
 * 4:2:2 is de-interleaved and semi-planar chroma split, in one pass over the frame's memory with
 * the range tables of {@link YCbCrRaster}; no RGB. The planes are native memory of the owner's
 * arena, handed to the library as they are (no copy), and reused from frame to frame.
 */
final class YuvPlanes {
    /** A macropixel, and two luma bytes, read and written in memory order: the shifts below count from the first byte. */
    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort PAIR = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final Arena arena;
    MemorySegment y = MemorySegment.NULL, cb = MemorySegment.NULL, cr = MemorySegment.NULL;
    int width, height, chromaWidth, chromaHeight, subsamp;

    /** Planes allocated from {@code arena}, which must outlive this. */
    YuvPlanes(Arena arena) {
        this.arena = arena;
    }

    void fill(Format format, MemorySegment[] planes) {
        int w = format.width();
        int h = format.height();
        String code = format.pixelFormat().code();
        int stride = format.planes().get(0).bytesPerLine();
        MemorySegment p0 = planes[0];
        boolean vertical = switch (code) {
            case "NV12", "NV21", "NM12", "NM21", "YU12", "YV12" -> true;
            default -> false;
        };
        size(w, h, code.equals("GREY") ? 0 : w / 2, code.equals("GREY") ? 0 : vertical ? h / 2 : h,
                code.equals("GREY") ? TurboJpeg.TJSAMP_GRAY : vertical ? TurboJpeg.TJSAMP_420 : TurboJpeg.TJSAMP_422);
        switch (code) {
            case "YUYV", "YVYU", "UYVY", "VYUY" -> {
                // a macropixel (two pixels) is one 32-bit word: the shifts pick its bytes
                int yo = code.startsWith("Y") ? 0 : 8;
                boolean uFirst = code.equals("YUYV") || code.equals("UYVY");
                int uo = yo == 0 ? (uFirst ? 8 : 24) : (uFirst ? 0 : 16);
                int vo = yo == 0 ? (uFirst ? 24 : 8) : (uFirst ? 16 : 0);
                byte[] luma = YCbCrRaster.LUMA, chroma = YCbCrRaster.CHROMA;
                for (int row = 0; row < h; row++) {
                    long base = (long) row * stride;
                    long yi = (long) row * w;
                    long ci = (long) row * chromaWidth;
                    for (int x = 0; x < chromaWidth; x++, base += 4) {
                        int word = p0.get(WORD, base);
                        int y0 = luma[(word >>> yo) & 0xff] & 0xff, y1 = luma[(word >>> (yo + 16)) & 0xff] & 0xff;
                        y.set(PAIR, yi + 2L * x, (short) (y0 | y1 << 8));
                        cb.set(ValueLayout.JAVA_BYTE, ci + x, chroma[(word >>> uo) & 0xff]);
                        cr.set(ValueLayout.JAVA_BYTE, ci + x, chroma[(word >>> vo) & 0xff]);
                    }
                }
            }
            case "NV12", "NV21", "NM12", "NM21", "NV16", "NV61", "NM16", "NM61" -> {
                boolean twoPlanes = code.startsWith("NM");
                MemorySegment chroma = twoPlanes ? planes[1] : p0;
                int chromaStride = twoPlanes ? format.planes().get(1).bytesPerLine() : stride;
                long chromaBase = twoPlanes ? 0 : (long) stride * h;
                boolean uFirst = code.endsWith("12") || code.endsWith("16");
                luma(p0, stride, w, h);
                for (int row = 0; row < chromaHeight; row++) {
                    long base = chromaBase + (long) row * chromaStride;
                    int ci = row * chromaWidth;
                    for (int x = 0; x < chromaWidth; x++, base += 2) {
                        cb.set(ValueLayout.JAVA_BYTE, ci + x, YCbCrRaster.CHROMA[u8(chroma, uFirst ? base : base + 1)]);
                        cr.set(ValueLayout.JAVA_BYTE, ci + x, YCbCrRaster.CHROMA[u8(chroma, uFirst ? base + 1 : base)]);
                    }
                }
            }
            case "YU12", "YV12" -> {
                int cs = stride / 2;
                long first = (long) stride * h;
                long second = first + (long) cs * (h / 2);
                luma(p0, stride, w, h);
                for (int row = 0; row < chromaHeight; row++) {
                    for (int x = 0; x < chromaWidth; x++) {
                        long c = (long) row * cs + x;
                        long to = (long) row * chromaWidth + x;
                        cb.set(ValueLayout.JAVA_BYTE, to, YCbCrRaster.CHROMA[u8(p0, (code.equals("YU12") ? first : second) + c)]);
                        cr.set(ValueLayout.JAVA_BYTE, to, YCbCrRaster.CHROMA[u8(p0, (code.equals("YU12") ? second : first) + c)]);
                    }
                }
            }
            case "GREY" -> {
                for (int row = 0; row < h; row++) {
                    MemorySegment.copy(p0, (long) row * stride, y, (long) row * w, w);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode pixel format " + format.pixelFormat()
                    + " as JPEG (supported: " + YCbCrRaster.SUPPORTED + ")");
        }
    }

    private void luma(MemorySegment p0, int stride, int w, int h) {
        for (int row = 0; row < h; row++) {
            long base = (long) row * stride;
            for (int x = 0; x < w; x++) {
                y.set(ValueLayout.JAVA_BYTE, (long) row * w + x, YCbCrRaster.LUMA[u8(p0, base + x)]);
            }
        }
    }

    private void size(int w, int h, int cw, int ch, int sampling) {
        width = w;
        height = h;
        chromaWidth = cw;
        chromaHeight = ch;
        subsamp = sampling;
        if (y.byteSize() < (long) w * h) {
            y = arena.allocate((long) w * h);
        }
        if (cb.byteSize() < (long) cw * ch) {
            cb = arena.allocate((long) cw * ch);
            cr = arena.allocate((long) cw * ch);
        }
    }

    /** The picture as 8-bit RGB (for a PNG). */
    java.awt.image.BufferedImage rgb() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int row = 0; row < height; row++) {
            int crow = chromaHeight == height ? row : row / 2;
            for (int x = 0; x < width; x++) {
                int c = crow * chromaWidth + x / 2;
                int cbv = chromaWidth == 0 ? 128 : u8(cb, c);
                int crv = chromaWidth == 0 ? 128 : u8(cr, c);
                JfifRgb.put(bgr, (row * width + x) * 3, u8(y, (long) row * width + x), cbv, crv);
            }
        }
        return image;
    }

    private static int u8(MemorySegment s, long i) {
        return s.get(ValueLayout.JAVA_BYTE, i) & 0xff;
    }
}
