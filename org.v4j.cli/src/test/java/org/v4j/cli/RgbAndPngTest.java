package org.v4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.PixelFormat;
import org.v4j.api.PlaneFormat;

class RgbAndPngTest {
    private static Format format(String fourcc, int w, int h, int... strides) {
        List<PlaneFormat> planes = new java.util.ArrayList<>();
        for (int s : strides) {
            planes.add(new PlaneFormat(s, s * h));
        }
        return new Format(strides.length > 1 ? BufferType.VIDEO_CAPTURE_MPLANE : BufferType.VIDEO_CAPTURE, w, h,
                PixelFormat.of(fourcc), 1, 0, planes);
    }

    private static int[] pixel(Rgb.Image image, int x, int y) {
        int o = (y * image.width() + x) * 3;
        return new int[] {image.rgb()[o] & 0xff, image.rgb()[o + 1] & 0xff, image.rgb()[o + 2] & 0xff};
    }

    @Test
    void yuyvWhiteBlackAndRedConvertPerBt601() {
        // two pixels per 4 bytes: Y0 U Y1 V; pixel 0/1 white/black (neutral chroma), pixel 2/3 red
        byte[] yuyv = {(byte) 235, (byte) 128, 16, (byte) 128, 81, 90, 81, (byte) 240};
        Rgb.Image image = Rgb.convert(format("YUYV", 4, 1, 8), new byte[][] {yuyv});
        assertEquals(List.of(255, 255, 255), List.of(box(pixel(image, 0, 0))));
        assertEquals(List.of(0, 0, 0), List.of(box(pixel(image, 1, 0))));
        int[] red = pixel(image, 2, 0);
        assertTrue(red[0] > 250 && red[1] < 5 && red[2] < 5, "red: " + List.of(box(red)));
    }

    @Test
    void uyvyUsesTheOtherByteOrder() {
        byte[] uyvy = {(byte) 128, (byte) 235, (byte) 128, 16};
        Rgb.Image image = Rgb.convert(format("UYVY", 2, 1, 4), new byte[][] {uyvy});
        assertEquals(255, pixel(image, 0, 0)[1]);
        assertEquals(0, pixel(image, 1, 0)[1]);
    }

    @Test
    void twoPlaneNv12ReadsChromaFromTheSecondPlane() {
        byte[] luma = {81, 81, 81, 81};
        byte[] chroma = {90, (byte) 240};
        Rgb.Image image = Rgb.convert(format("NM12", 2, 2, 2, 2), new byte[][] {luma, chroma});
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertTrue(pixel(image, x, y)[0] > 250 && pixel(image, x, y)[2] < 5);
            }
        }
    }

    @Test
    void strideIsHonoured() {
        byte[] rgb24 = {1, 2, 3, 9, 9, 9, 4, 5, 6, 9, 9, 9};
        Rgb.Image image = Rgb.convert(format("RGB3", 1, 2, 6), new byte[][] {rgb24});
        assertEquals(List.of(4, 5, 6), List.of(box(pixel(image, 0, 1))));
    }

    @Test
    void unsupportedFormatIsRefusedClearly() {
        assertFalse(Rgb.supports(PixelFormat.of("MJPG")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rgb.convert(format("MJPG", 2, 2, 4), new byte[][] {new byte[8]}));
        assertTrue(e.getMessage().contains("MJPG"), e.getMessage());
    }

    @Test
    void pngDecodesToTheSamePixels(@TempDir Path dir) throws Exception {
        byte[] rgb = new byte[5 * 3 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        Path file = dir.resolve("f.png");
        Png.write(file, new Rgb.Image(5, 3, rgb));
        BufferedImage decoded = ImageIO.read(file.toFile());
        assertEquals(5, decoded.getWidth());
        assertEquals(3, decoded.getHeight());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                int o = (y * 5 + x) * 3;
                int expected = (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
                assertEquals(expected, decoded.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    private static Integer[] box(int[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Integer[]::new);
    }
}
