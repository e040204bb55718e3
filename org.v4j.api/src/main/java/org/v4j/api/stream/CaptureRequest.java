package org.v4j.api.stream;

import java.time.Duration;
import java.util.Objects;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;

/**
 * What to capture: device node, which memory (a {@link MemoryPreference}) and where DMABUF memory
 * comes from ({@code source}; null: the provider's default), optional size and pixel format
 * (null: keep the device's current format), how many buffers, how many frames (0: until closed),
 * and how long to wait at start for a {@link org.v4j.api.MemoryProvider} it may use.
 */
public record CaptureRequest(String device, MemoryPreference memory, String source, int width, int height,
        PixelFormat pixelFormat, int bufferCount, long frameLimit, Duration providerWait) {
    public CaptureRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(providerWait, "providerWait");
        if (bufferCount < 1) {
            throw new IllegalArgumentException("bufferCount must be at least 1: " + bufferCount);
        }
        if (frameLimit < 0) {
            throw new IllegalArgumentException("frameLimit must not be negative: " + frameLimit);
        }
    }

    /** Captures from {@code device} with {@code memory} only: current format, 4 buffers, no frame limit. */
    public static CaptureRequest of(String device, MemoryType memory) {
        return of(device, MemoryPreference.only(memory));
    }

    /** Captures from {@code device} with memory as {@code preference} says: current format, 4 buffers, no frame limit. */
    public static CaptureRequest of(String device, MemoryPreference preference) {
        return new CaptureRequest(device, preference, null, 0, 0, null, 4, 0, Duration.ofSeconds(10));
    }

    public CaptureRequest withMemory(MemoryPreference preference) {
        return new CaptureRequest(device, preference, source, width, height, pixelFormat, bufferCount, frameLimit,
                providerWait);
    }

    public CaptureRequest withFormat(int width, int height, PixelFormat pixelFormat) {
        return new CaptureRequest(device, memory, source, width, height, pixelFormat, bufferCount, frameLimit, providerWait);
    }

    /** Memory from {@code source}: for DMABUF {@code heap}, {@code udmabuf} or a device to export from. */
    public CaptureRequest withSource(String memorySource) {
        return new CaptureRequest(device, memory, memorySource, width, height, pixelFormat, bufferCount, frameLimit,
                providerWait);
    }

    public CaptureRequest withFrameLimit(long frames) {
        return new CaptureRequest(device, memory, source, width, height, pixelFormat, bufferCount, frames, providerWait);
    }

    public CaptureRequest withBufferCount(int buffers) {
        return new CaptureRequest(device, memory, source, width, height, pixelFormat, buffers, frameLimit, providerWait);
    }

    public CaptureRequest withProviderWait(Duration wait) {
        return new CaptureRequest(device, memory, source, width, height, pixelFormat, bufferCount, frameLimit, wait);
    }

    /** Whether a format change was asked for: a size, a pixel format or both. */
    public boolean setsFormat() {
        return pixelFormat != null || (width > 0 && height > 0);
    }
}
