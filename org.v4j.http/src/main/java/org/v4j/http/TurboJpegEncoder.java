package org.v4j.http;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.v4j.api.Format;

/**
 * JPEG through libjpeg-turbo's TurboJPEG ({@code tjCompressFromYUVPlanes}): the frame's YUV goes
 * in as planes ({@link YuvPlanes}, in native memory the library reads as it is), no RGB. Faster than the JDK's writer; used where
 * {@code libturbojpeg.so.0} is installed. One per encoder thread: the handle and the native planes
 * are its own, and live as long as it does.
 */
final class TurboJpegEncoder implements JpegEncoder {
    private final TurboJpeg tj;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment planePointers = arena.allocate(ValueLayout.ADDRESS, 3);
    private final MemorySegment strides = arena.allocate(ValueLayout.JAVA_INT, 3);
    private final YuvPlanes yuv = new YuvPlanes(arena);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    TurboJpegEncoder(TurboJpeg tj) {
        this.tj = tj;
        this.handle = tj.initCompress();
    }

    @Override
    public String name() {
        return "turbojpeg";
    }

    @Override
    public Encoding read(Format format, MemorySegment[] planes) {
        yuv.fill(format, planes);
        return new Encoding() {
            @Override
            public byte[] jpeg(int quality) {
                return compress(Math.max(1, Math.min(100, quality)));
            }

            @Override
            public java.awt.image.BufferedImage rgb() {
                return yuv.rgb();
            }
        };
    }

    private byte[] compress(int quality) {
        boolean chroma = yuv.chromaWidth > 0;
        planePointers.setAtIndex(ValueLayout.ADDRESS, 0, yuv.y);
        planePointers.setAtIndex(ValueLayout.ADDRESS, 1, chroma ? yuv.cb : MemorySegment.NULL);
        planePointers.setAtIndex(ValueLayout.ADDRESS, 2, chroma ? yuv.cr : MemorySegment.NULL);
        strides.setAtIndex(ValueLayout.JAVA_INT, 0, yuv.width);
        strides.setAtIndex(ValueLayout.JAVA_INT, 1, yuv.chromaWidth);
        strides.setAtIndex(ValueLayout.JAVA_INT, 2, yuv.chromaWidth);
        try (Arena call = Arena.ofConfined()) {
            return tj.compressFromYuvPlanes(handle, planePointers, yuv.width, strides, yuv.height, yuv.subsamp, quality, call);
        }
    }

    /** Frees the handle and the native planes. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        tj.destroy(handle);
        arena.close();
    }
}
