package org.v4j.http;

/** Full-range (JFIF) YCbCr to RGB, in integers, for PNG snapshots: the JPEG decoder's own conversion. */
final class JfifRgb {
    private JfifRgb() {}

    /** Writes one pixel as B, G, R at {@code o} (the layout of {@code TYPE_3BYTE_BGR}). */
    static void put(byte[] bgr, int o, int y, int cb, int cr) {
        int u = cb - 128;
        int v = cr - 128;
        bgr[o + 2] = clip(y + ((91881 * v + 32768) >> 16));
        bgr[o + 1] = clip(y - ((22554 * u + 46802 * v - 32768) >> 16));
        bgr[o] = clip(y + ((116130 * u + 32768) >> 16));
    }

    private static byte clip(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}
