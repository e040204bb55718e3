package org.v4j.api.stream;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import org.v4j.api.memory.MemoryType;

/** Starts capture streams with whichever {@link org.v4j.api.MemoryProvider}s are registered. */
@ProviderType
public interface CaptureService {
    /**
     * Opens the device, sets the format, allocates buffers with a provider of the requested
     * memory type (waiting up to the request's provider wait for one), starts streaming, and
     * delivers frames to {@code listener} on the stream's own thread.
     *
     * @throws org.v4j.api.V4l2Exception when the device cannot be used; nothing stays open
     */
    CaptureStream start(CaptureRequest request, FrameListener listener);

    /** The memory types of the providers bound now. */
    Set<MemoryType> memoryTypes();

    /** The streams that are running. */
    List<CaptureStream> streams();
}
