package org.v4j.http;

import java.lang.foreign.MemorySegment;
import org.v4j.api.Format;

/** Turns one frame's planes into a JPEG file; one instance per worker thread (they keep scratch memory). */
interface JpegEncoder {
    /** What {@code /state} and the metrics call it: {@code javax.imageio}, {@code turbojpeg}. */
    String name();

    /**
     * Reads the planes (valid only during the call: the frame is released right after) and
     * returns the JPEG. {@link #finish} may do the compression after the frame was released.
     */
    Encoding read(Format format, MemorySegment[] planes);

    /** Frees what the encoder holds outside the heap; it is not used after. */
    default void close() {}

    /** The fastest encoder on this machine: TurboJPEG where {@code libturbojpeg.so.0} loads, else the JDK's. */
    static JpegEncoder best() {
        return TurboJpeg.load().<JpegEncoder>map(TurboJpegEncoder::new).orElseGet(ImageIoJpeg::new);
    }

    /** A frame read into the encoder's scratch, not yet compressed. */
    interface Encoding {
        /** The JPEG, at {@code quality} 1-100. */
        byte[] jpeg(int quality);

        /** The same picture as 8-bit RGB, for a PNG snapshot. */
        java.awt.image.BufferedImage rgb();
    }
}
