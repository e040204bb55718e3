package org.v4j.cli;

import java.util.List;
import java.util.Set;
import org.v4j.api.Format;
import org.v4j.api.PixelFormat;

/**
 * Converts a captured frame to 8-bit RGB: packed YUV 4:2:2, semi-planar and planar YUV, packed
 * RGB and grey. YUV uses BT.601 limited range, what vivid and most webcams produce by default.
 */
final class Rgb {
    /** An RGB picture, 3 bytes per pixel, rows top to bottom. */
    record Image(int width, int height, byte[] rgb) {}

    static final List<String> SUPPORTED = List.of("YUYV", "YVYU", "UYVY", "VYUY", "NV12", "NV21", "NM12", "NM21",
            "NV16", "NV61", "NM16", "NM61", "YU12", "YV12", "RGB3", "BGR3", "RGBP", "XR24", "AR24", "BGR4", "BX24",
            "BA24", "RGB4", "XB24", "AB24", "RX24", "RA24", "GREY");
    private static final Set<String> CODES = Set.copyOf(SUPPORTED);

    private Rgb() {}

    static boolean supports(PixelFormat format) {
        return CODES.contains(format.code());
    }

    static Image convert(Format format, byte[][] planes) {
        int w = format.width();
        int h = format.height();
        byte[] rgb = new byte[w * h * 3];
        String code = format.pixelFormat().code();
        int stride = format.planes().get(0).bytesPerLine();
        byte[] p0 = planes[0];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                switch (code) {
                    case "YUYV", "YVYU", "UYVY", "VYUY" -> {
                        int base = y * stride + (x & ~1) * 2;
                        int yo = code.startsWith("Y") ? 0 : 1;
                        int luma = u8(p0, base + yo + (x & 1) * 2);
                        int c1 = u8(p0, base + (yo == 0 ? 1 : 0));
                        int c2 = u8(p0, base + (yo == 0 ? 3 : 2));
                        boolean uFirst = code.equals("YUYV") || code.equals("UYVY");
                        yuv(rgb, o, luma, uFirst ? c1 : c2, uFirst ? c2 : c1);
                    }
                    case "NV12", "NV21", "NM12", "NM21", "NV16", "NV61", "NM16", "NM61" -> {
                        boolean twoPlanes = code.startsWith("NM");
                        boolean vertical = code.endsWith("12") || code.endsWith("21");
                        byte[] chroma = twoPlanes ? planes[1] : p0;
                        int chromaStride = twoPlanes ? format.planes().get(1).bytesPerLine() : stride;
                        int chromaBase = twoPlanes ? 0 : stride * h;
                        int c = chromaBase + (vertical ? y / 2 : y) * chromaStride + (x & ~1);
                        boolean uFirst = code.endsWith("12") || code.endsWith("16");
                        int u = u8(chroma, uFirst ? c : c + 1);
                        int v = u8(chroma, uFirst ? c + 1 : c);
                        yuv(rgb, o, u8(p0, y * stride + x), u, v);
                    }
                    case "YU12", "YV12" -> {
                        int cs = stride / 2;
                        int first = stride * h;
                        int second = first + cs * (h / 2);
                        int c = (y / 2) * cs + x / 2;
                        int u = u8(p0, (code.equals("YU12") ? first : second) + c);
                        int v = u8(p0, (code.equals("YU12") ? second : first) + c);
                        yuv(rgb, o, u8(p0, y * stride + x), u, v);
                    }
                    case "RGB3" -> put(rgb, o, p0, y * stride + x * 3, 0, 1, 2);
                    case "BGR3" -> put(rgb, o, p0, y * stride + x * 3, 2, 1, 0);
                    case "XR24", "AR24", "BGR4" -> put(rgb, o, p0, y * stride + x * 4, 2, 1, 0);
                    case "BX24", "BA24", "RGB4" -> put(rgb, o, p0, y * stride + x * 4, 1, 2, 3);
                    case "XB24", "AB24" -> put(rgb, o, p0, y * stride + x * 4, 0, 1, 2);
                    case "RX24", "RA24" -> put(rgb, o, p0, y * stride + x * 4, 3, 2, 1);
                    case "RGBP" -> {
                        int v = u8(p0, y * stride + x * 2) | u8(p0, y * stride + x * 2 + 1) << 8;
                        rgb[o] = (byte) (((v >> 11) & 0x1f) * 255 / 31);
                        rgb[o + 1] = (byte) (((v >> 5) & 0x3f) * 255 / 63);
                        rgb[o + 2] = (byte) ((v & 0x1f) * 255 / 31);
                    }
                    case "GREY" -> {
                        byte g = p0[y * stride + x];
                        rgb[o] = g;
                        rgb[o + 1] = g;
                        rgb[o + 2] = g;
                    }
                    default -> throw new IllegalArgumentException("cannot convert pixel format " + format.pixelFormat()
                            + " to RGB (supported: " + SUPPORTED + ")");
                }
            }
        }
        return new Image(w, h, rgb);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static void put(byte[] rgb, int o, byte[] src, int base, int r, int g, int b) {
        rgb[o] = src[base + r];
        rgb[o + 1] = src[base + g];
        rgb[o + 2] = src[base + b];
    }

    /** BT.601 limited range YCbCr to RGB, in integers. */
    static void yuv(byte[] rgb, int o, int y, int u, int v) {
        int c = 298 * (y - 16);
        int d = u - 128;
        int e = v - 128;
        rgb[o] = clip((c + 409 * e + 128) >> 8);
        rgb[o + 1] = clip((c - 100 * d - 208 * e + 128) >> 8);
        rgb[o + 2] = clip((c + 516 * d + 128) >> 8);
    }

    private static byte clip(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}
