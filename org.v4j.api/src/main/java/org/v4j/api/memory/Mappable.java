package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A plane handle whose memory is mapped into the process. The mapping is the provider's; users
 * read a plane through the dequeued buffer, whose views are revoked when the buffer is requeued.
 */
@ProviderType
public interface Mappable {
    /** The whole plane as mapped; invalid (access throws) once its provider released it. */
    MemorySegment mapping();
}
