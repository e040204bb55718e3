package org.v4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Set;
import org.v4j.api.Format;

/**
 * Reads a captured frame's YUV planes where the driver left them and writes one full-range
 * YCbCr sample triple per pixel, what a JPEG (JFIF) encoder takes as is: no RGB pass. Cameras
 * deliver BT.601 limited range (Y 16-235, Cb/Cr 16-240); JFIF is full range, so each sample goes
 * through a 256-entry table. Chroma is repeated to each pixel it covers; the encoder subsamples
 * it again (4:2:0).
 */
final class YCbCrRaster {
    static final List<String> SUPPORTED = List.of("YUYV", "YVYU", "UYVY", "VYUY", "NV12", "NV21", "NM12", "NM21",
            "NV16", "NV61", "NM16", "NM61", "YU12", "YV12", "GREY");
    private static final Set<String> CODES = Set.copyOf(SUPPORTED);
    /** Camera (BT.601 limited) range to JFIF full range, per sample value. */
    static final byte[] LUMA = new byte[256];
    static final byte[] CHROMA = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            LUMA[v] = clip(Math.round((v - 16) * 255f / 219f));
            CHROMA[v] = clip(Math.round((v - 128) * 255f / 224f + 128));
        }
    }

    private YCbCrRaster() {}

    static boolean supports(Format format) {
        return CODES.contains(format.pixelFormat().code());
    }

    /**
     * Fills {@code out} (at least width*height*3 bytes) from {@code planes}, as {@code format}
     * lays them out (its strides).
     *
     * @throws IllegalArgumentException for a pixel format it does not read
     */
    static void fill(Format format, MemorySegment[] planes, byte[] out) {
        int w = format.width();
        int h = format.height();
        String code = format.pixelFormat().code();
        int stride = format.planes().get(0).bytesPerLine();
        MemorySegment p0 = planes[0];
        switch (code) {
            case "YUYV", "YVYU", "UYVY", "VYUY" -> {
                int yo = code.startsWith("Y") ? 0 : 1;
                int c1 = yo == 0 ? 1 : 0;
                int c2 = yo == 0 ? 3 : 2;
                boolean uFirst = code.equals("YUYV") || code.equals("UYVY");
                int uo = uFirst ? c1 : c2;
                int vo = uFirst ? c2 : c1;
                for (int y = 0; y < h; y++) {
                    long row = (long) y * stride;
                    int o = y * w * 3;
                    for (int x = 0; x + 1 < w; x += 2, o += 6) {
                        long base = row + x * 2L;
                        byte u = CHROMA[u8(p0, base + uo)];
                        byte v = CHROMA[u8(p0, base + vo)];
                        out[o] = LUMA[u8(p0, base + yo)];
                        out[o + 1] = u;
                        out[o + 2] = v;
                        out[o + 3] = LUMA[u8(p0, base + yo + 2)];
                        out[o + 4] = u;
                        out[o + 5] = v;
                    }
                }
            }
            case "NV12", "NV21", "NM12", "NM21", "NV16", "NV61", "NM16", "NM61" -> {
                boolean twoPlanes = code.startsWith("NM");
                boolean vertical = code.endsWith("12") || code.endsWith("21");
                MemorySegment chroma = twoPlanes ? planes[1] : p0;
                int chromaStride = twoPlanes ? format.planes().get(1).bytesPerLine() : stride;
                long chromaBase = twoPlanes ? 0 : (long) stride * h;
                boolean uFirst = code.endsWith("12") || code.endsWith("16");
                for (int y = 0; y < h; y++) {
                    long row = (long) y * stride;
                    long crow = chromaBase + (long) (vertical ? y / 2 : y) * chromaStride;
                    int o = y * w * 3;
                    for (int x = 0; x < w; x++, o += 3) {
                        long c = crow + (x & ~1);
                        out[o] = LUMA[u8(p0, row + x)];
                        out[o + 1] = CHROMA[u8(chroma, uFirst ? c : c + 1)];
                        out[o + 2] = CHROMA[u8(chroma, uFirst ? c + 1 : c)];
                    }
                }
            }
            case "YU12", "YV12" -> {
                int cs = stride / 2;
                long first = (long) stride * h;
                long second = first + (long) cs * (h / 2);
                long uBase = code.equals("YU12") ? first : second;
                long vBase = code.equals("YU12") ? second : first;
                for (int y = 0; y < h; y++) {
                    int o = y * w * 3;
                    for (int x = 0; x < w; x++, o += 3) {
                        long c = (long) (y / 2) * cs + x / 2;
                        out[o] = LUMA[u8(p0, (long) y * stride + x)];
                        out[o + 1] = CHROMA[u8(p0, uBase + c)];
                        out[o + 2] = CHROMA[u8(p0, vBase + c)];
                    }
                }
            }
            case "GREY" -> {
                for (int y = 0; y < h; y++) {
                    int o = y * w * 3;
                    for (int x = 0; x < w; x++, o += 3) {
                        out[o] = p0.get(ValueLayout.JAVA_BYTE, (long) y * stride + x);
                        out[o + 1] = (byte) 128;
                        out[o + 2] = (byte) 128;
                    }
                }
            }
            default -> throw new IllegalArgumentException("cannot encode pixel format " + format.pixelFormat()
                    + " as JPEG (supported: " + SUPPORTED + ")");
        }
    }

    private static int u8(MemorySegment s, long i) {
        return s.get(ValueLayout.JAVA_BYTE, i) & 0xff;
    }

    private static byte clip(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}
