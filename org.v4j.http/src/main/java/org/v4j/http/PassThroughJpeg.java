package org.v4j.http;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import javax.imageio.ImageIO;
import org.v4j.api.Format;

/**
 * For cameras that deliver JPEG already (MJPG, JPEG: most USB webcams at their larger sizes): the
 * frame is served as it comes, no decode and re-encode, only completed by {@link JpegFrames}
 * (tables inserted, truncated frames refused). A PNG snapshot decodes it.
 */
final class PassThroughJpeg implements JpegEncoder {
    static final Set<String> FORMATS = Set.of("MJPG", "JPEG");

    static boolean handles(Format format) {
        return FORMATS.contains(format.pixelFormat().code());
    }

    @Override
    public String name() {
        return "passthrough";
    }

    /** @throws JpegFrames.TruncatedException for a frame cut short */
    @Override
    public Encoding read(Format format, MemorySegment[] planes) {
        byte[] jpeg = JpegFrames.complete(planes[0].toArray(ValueLayout.JAVA_BYTE));
        return new Encoding() {
            @Override
            public byte[] jpeg(int quality) {
                return jpeg;
            }

            @Override
            public BufferedImage rgb() {
                try {
                    return ImageIO.read(new ByteArrayInputStream(jpeg));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot decode the camera's JPEG: " + e.getMessage(), e);
                }
            }
        };
    }
}
