package org.v4j.http;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * libjpeg-turbo's TurboJPEG API (Debian {@code libturbojpeg0}, {@code libturbojpeg.so.0}), the
 * calls the encoder needs, through FFM. {@link #load()} is empty where the library is not installed.
 */
final class TurboJpeg {
    /** {@code enum TJSAMP}: chroma subsampling of the YUV planes given. */
    static final int TJSAMP_422 = 1, TJSAMP_420 = 2, TJSAMP_GRAY = 3;

    private final MethodHandle tjInitCompress$MH;
    private final MethodHandle tjCompressFromYUVPlanes$MH;
    private final MethodHandle tjFree$MH;
    private final MethodHandle tjDestroy$MH;
    private final MethodHandle tjGetErrorStr2$MH;

    private TurboJpeg(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        // tjhandle tjInitCompress(void);
        tjInitCompress$MH = linker.downcallHandle(lib.findOrThrow("tjInitCompress"), FunctionDescriptor.of(ADDRESS));
        // int tjCompressFromYUVPlanes(tjhandle handle, const unsigned char **srcPlanes, int width, const int *strides,
        //     int height, int subsamp, unsigned char **jpegBuf, unsigned long *jpegSize, int jpegQual, int flags);
        tjCompressFromYUVPlanes$MH = linker.downcallHandle(lib.findOrThrow("tjCompressFromYUVPlanes"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS,
                        JAVA_INT, JAVA_INT));
        // void tjFree(unsigned char *buffer);
        tjFree$MH = linker.downcallHandle(lib.findOrThrow("tjFree"), FunctionDescriptor.ofVoid(ADDRESS));
        // int tjDestroy(tjhandle handle);
        tjDestroy$MH = linker.downcallHandle(lib.findOrThrow("tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // char *tjGetErrorStr2(tjhandle handle);
        tjGetErrorStr2$MH = linker.downcallHandle(lib.findOrThrow("tjGetErrorStr2"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    /** The library, if {@code libturbojpeg.so.0} can be loaded. */
    static Optional<TurboJpeg> load() {
        try {
            return Optional.of(new TurboJpeg(SymbolLookup.libraryLookup("libturbojpeg.so.0", Arena.global())));
        } catch (IllegalArgumentException | java.util.NoSuchElementException notInstalled) {
            return Optional.empty();
        }
    }

    MemorySegment initCompress() {
        try {
            MemorySegment handle = (MemorySegment) tjInitCompress$MH.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("tjInitCompress failed");
            }
            return handle;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Compresses planar YUV ({@code planes}: Y, Cb, Cr addresses; {@code strides} in bytes) and
     * returns the JPEG as a Java array; the library's buffer is freed.
     */
    byte[] compressFromYuvPlanes(MemorySegment handle, MemorySegment planes, int width, MemorySegment strides, int height,
            int subsamp, int quality, Arena scratch) {
        MemorySegment jpegBuf = scratch.allocate(ADDRESS);
        MemorySegment jpegSize = scratch.allocate(JAVA_LONG);
        try {
            int rc = (int) tjCompressFromYUVPlanes$MH.invokeExact(handle, planes, width, strides, height, subsamp,
                    jpegBuf, jpegSize, quality, 0);
            MemorySegment buffer = jpegBuf.get(ADDRESS, 0);
            try {
                if (rc != 0) {
                    MemorySegment message = (MemorySegment) tjGetErrorStr2$MH.invokeExact(handle);
                    throw new IllegalStateException("tjCompressFromYUVPlanes: "
                            + message.reinterpret(1024).getString(0));
                }
                long size = jpegSize.get(JAVA_LONG, 0);
                return buffer.reinterpret(size).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                if (!buffer.equals(MemorySegment.NULL)) {
                    tjFree$MH.invokeExact(buffer);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void destroy(MemorySegment handle) {
        try {
            int unused = (int) tjDestroy$MH.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
