package org.v4j.http;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.v4j.api.Format;

/**
 * The JDK's JPEG writer, given a YCbCr {@link Raster} (a raster, not an image: the writer then
 * takes 3 bands as YCbCr and converts nothing). Always there; libjpeg-turbo is faster where installed.
 */
final class ImageIoJpeg implements JpegEncoder {
    private byte[] scratch = new byte[0];

    @Override
    public String name() {
        return "javax.imageio";
    }

    @Override
    public Encoding read(Format format, MemorySegment[] planes) {
        int w = format.width();
        int h = format.height();
        if (scratch.length < w * h * 3) {
            scratch = new byte[w * h * 3];
        }
        YCbCrRaster.fill(format, planes, scratch);
        byte[] ycc = scratch;
        return new Encoding() {
            @Override
            public byte[] jpeg(int quality) {
                WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(ycc, w * h * 3), w, h, w * 3,
                        3, new int[] {0, 1, 2}, null);
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(w * h / 4);
                try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                    writer.setOutput(out);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
                    writer.write(null, new IIOImage(raster, null, null), param);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot encode a JPEG: " + e.getMessage(), e);
                } finally {
                    writer.dispose();
                }
                return bytes.toByteArray();
            }

            @Override
            public BufferedImage rgb() {
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < w * h * 3; i += 3) {
                    JfifRgb.put(bgr, i, ycc[i] & 0xff, ycc[i + 1] & 0xff, ycc[i + 2] & 0xff);
                }
                return image;
            }
        };
    }
}
