package org.v4j.api;

import java.nio.charset.StandardCharsets;

/** A V4L2 pixel format: a little-endian fourcc such as {@code YUYV}. */
public record PixelFormat(int fourcc) {
    public static final PixelFormat YUYV = of("YUYV");
    public static final PixelFormat NV12M = of("NM12");

    /** The pixel format with the given four characters ({@code v4l2_fourcc}). */
    public static PixelFormat of(String code) {
        byte[] b = code.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("a fourcc has four characters: '" + code + "'");
        }
        return new PixelFormat((b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24);
    }

    /** The four characters, trailing spaces kept ({@code "Y16 "}) as v4l2-ctl shows them. */
    public String code() {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) ((fourcc >>> (8 * i)) & 0x7f);
        }
        return new String(c) + ((fourcc & 0x80000000) != 0 ? "-BE" : "");
    }

    @Override
    public String toString() {
        return code().strip();
    }
}
