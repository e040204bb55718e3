package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.foreign.MemorySegment;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.v4j.api.Format;

/**
 * JPEGs made from camera YUV without an RGB pass decode to the right size and colours, from both
 * encoders: the JDK's, and TurboJPEG where libturbojpeg is installed (vm/provision installs it).
 */
class JpegFromYuvTest {
    static final boolean TURBO_INSTALLED = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0"))
            || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0"));

    static java.util.List<java.util.function.Supplier<JpegEncoder>> encoders() {
        java.util.List<java.util.function.Supplier<JpegEncoder>> all = new java.util.ArrayList<>();
        all.add(ImageIoJpeg::new);
        TurboJpeg.load().ifPresent(tj -> all.add(() -> new TurboJpegEncoder(tj)));
        return all;
    }

    @Test
    void theBestEncoderIsTurboJpegExactlyWhereTheLibraryIsInstalled() {
        JpegEncoder best = JpegEncoder.best();
        assertEquals(TURBO_INSTALLED ? "turbojpeg" : "javax.imageio", best.name());
        best.close();
        best.close(); // idempotent
    }

    private static BufferedImage decode(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertTrue(image != null, "not a JPEG ImageIO can read");
        return image;
    }

    private static void assertColour(BufferedImage image, int x, int y, int r, int g, int b) {
        int px = image.getRGB(x, y);
        int[] got = {(px >> 16) & 255, (px >> 8) & 255, px & 255};
        int[] want = {r, g, b};
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= 6, "pixel " + x + "," + y + " is " + java.util.Arrays.toString(got)
                    + ", expected about " + java.util.Arrays.toString(want));
        }
    }

    private static byte[] jpeg(TestFrame frame, int quality) {
        return jpeg(new ImageIoJpeg(), frame, quality);
    }

    private static byte[] jpeg(JpegEncoder encoder, TestFrame frame, int quality) {
        MemorySegment[] planes = new MemorySegment[frame.planeCount()];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = frame.plane(i);
        }
        try {
            return encoder.read(frame.format(), planes).jpeg(quality);
        } finally {
            encoder.close();
        }
    }

    @Test
    void yuyvRedGreenBlueAndWhiteComeOutAsTheyWent() throws Exception {
        // BT.601 limited range: red (81,90,240), green (145,54,34), blue (41,240,110), white (235,128,128)
        int[][] colours = {{81, 90, 240, 255, 0, 0}, {145, 54, 34, 0, 255, 0}, {41, 240, 110, 0, 0, 255},
                {235, 128, 128, 255, 255, 255}, {16, 128, 128, 0, 0, 0}};
        for (var encoder : encoders()) {
            for (int[] c : colours) {
                BufferedImage image = decode(jpeg(encoder.get(), TestFrame.yuyv(64, 48, c[0], c[1], c[2]), 90));
                assertEquals(64, image.getWidth());
                assertEquals(48, image.getHeight());
                assertColour(image, 20, 20, c[3], c[4], c[5]);
            }
        }
    }

    @Test
    void nv12TwoHalvesKeepTheirColoursAndTheStrideIsHonoured() throws Exception {
        int w = 32, h = 16, stride = 40; // padded rows
        byte[] data = new byte[stride * h * 3 / 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                data[y * stride + x] = (byte) (x < w / 2 ? 81 : 41);
            }
        }
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w; x += 2) {
                boolean left = x < w / 2;
                data[stride * h + y * stride + x] = (byte) (left ? 90 : 240);
                data[stride * h + y * stride + x + 1] = (byte) (left ? 240 : 110);
            }
        }
        Format format = TestFrame.format("NV12", w, h, stride, data.length);
        for (var encoder : encoders()) {
            BufferedImage image = decode(jpeg(encoder.get(), new TestFrame(format, data), 95));
            assertEquals(w, image.getWidth());
            assertEquals(h, image.getHeight());
            assertColour(image, 4, 8, 255, 0, 0);
            assertColour(image, 27, 8, 0, 0, 255);
        }
    }

    @Test
    void higherQualityMeansMoreBytes() {
        TestFrame frame = noise(160, 120);
        for (var encoder : encoders()) {
            int low = jpeg(encoder.get(), frame, 20).length;
            int high = jpeg(encoder.get(), frame, 95).length;
            assertTrue(high > low, "quality 95: " + high + " bytes, 20: " + low);
        }
    }

    @Test
    void pngRgbMatchesTheCameraColours() {
        TestFrame frame = TestFrame.yuyv(16, 8, 145, 54, 34);
        for (var encoder : encoders()) {
            JpegEncoder e = encoder.get();
            BufferedImage rgb = e.read(frame.format(), new MemorySegment[] {frame.plane(0)}).rgb();
            e.close();
            assertColour(rgb, 3, 3, 0, 255, 0);
        }
    }

    @Test
    void aFormatItCannotReadIsNamed() {
        byte[] data = new byte[16 * 8 * 3];
        TestFrame frame = new TestFrame(TestFrame.format("RGB3", 16, 8, 48, data.length), data);
        for (var encoder : encoders()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> jpeg(encoder.get(), frame, 80));
            assertTrue(e.getMessage().contains("RGB3"), e.getMessage());
        }
    }

    static TestFrame noise(int w, int h) {
        java.util.Random random = new java.util.Random(7);
        byte[] data = new byte[w * h * 2];
        random.nextBytes(data);
        return new TestFrame(TestFrame.format("YUYV", w, h, w * 2, data.length), data);
    }
}
