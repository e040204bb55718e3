package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A camera's own JPEG frames, made here (no virtual driver delivers MJPEG): one as a UVC camera
 * sends it, without its Huffman tables, one cut short, one padded; and through the hub as MJPG frames.
 */
class JpegFramesTest {
    /** A 64x48 JPEG of a gradient, as the JDK writes it (standard Huffman tables). */
    static byte[] jpeg() throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** The same file without its DHT segments, as UVC cameras send frames. */
    static byte[] withoutDht(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int i = 2;
        while (true) {
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xDA) {
                out.write(jpeg, i, jpeg.length - i);
                return out.toByteArray();
            }
            int length = (jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff);
            if (marker != 0xC4) {
                out.write(jpeg, i, 2 + length);
            }
            i += 2 + length;
        }
    }

    private static int[] pixels(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static boolean hasDht(byte[] jpeg) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC4) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCompleteJpegGoesOutAsItCame() throws Exception {
        byte[] jpeg = jpeg();
        assertSame(jpeg, JpegFrames.complete(jpeg));
    }

    @Test
    void theStandardTablesGoInWhereTheCameraLeftThemOut() throws Exception {
        byte[] original = jpeg();
        byte[] stripped = withoutDht(original);
        assertFalse(hasDht(stripped));
        assertThrows(Exception.class, () -> pixels(stripped), "the stripped frame decodes without tables?");
        byte[] fixed = JpegFrames.complete(stripped);
        assertTrue(hasDht(fixed));
        assertArrayEquals(pixels(original), pixels(fixed), "the same picture as with the writer's own tables");
    }

    @Test
    void aFrameCutShortIsRefusedAndPaddingAfterEoiIsDropped() throws Exception {
        byte[] jpeg = jpeg();
        byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length - 100);
        assertTrue(assertThrows(JpegFrames.TruncatedException.class, () -> JpegFrames.complete(cut)).getMessage()
                .contains("no EOI"));
        assertThrows(JpegFrames.TruncatedException.class, () -> JpegFrames.complete(new byte[] {1, 2, 3, 4, 5}));
        byte[] padded = java.util.Arrays.copyOf(jpeg, jpeg.length + 37);
        assertArrayEquals(jpeg, JpegFrames.complete(padded));
    }

    @Test
    void theHubServesCameraJpegAsItComesAndSkipsTruncatedFrames() throws Exception {
        FrameHub hub = new FrameHub(new ImageIoJpeg(), 80, 0, "/dev/mjpeg");
        try {
            byte[] good = withoutDht(jpeg());
            byte[] cut = java.util.Arrays.copyOf(good, good.length - 50);
            var snapshot = hub.nextJpeg();
            TestFrame truncatedFrame = new TestFrame(TestFrame.format("MJPG", 64, 48, 0, 64 * 48 * 2), cut);
            hub.onFrame(truncatedFrame);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (hub.truncated() == 0 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertEquals(1, hub.truncated());
            assertFalse(snapshot.isDone(), "a truncated frame was sent");
            while (truncatedFrame.holds.get() > 0 || hub.encoded() + hub.truncated() < 1) {
                Thread.sleep(5);
            }
            Thread.sleep(20);
            TestFrame goodFrame = new TestFrame(TestFrame.format("MJPG", 64, 48, 0, 64 * 48 * 2), good);
            goodFrame.timestamp += 100_000_000;
            hub.onFrame(goodFrame);
            Picture picture = snapshot.get(10, TimeUnit.SECONDS);
            assertTrue(hasDht(picture.jpeg()));
            assertEquals(64, ImageIO.read(new ByteArrayInputStream(picture.jpeg())).getWidth());
            assertEquals("passthrough", hub.encoderName());
            assertEquals(1, truncatedFrame.releases.get());
        } finally {
            hub.close();
        }
    }
}
