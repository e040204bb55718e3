/**
 * The memory model, after v4l2r's {@code memory} module: which memory backs a V4L2 buffer
 * ({@link org.v4j.api.memory.MemoryType}, {@link org.v4j.api.memory.Memory}), the handle of one
 * plane ({@link org.v4j.api.memory.PlaneHandle}) and of all planes of a buffer
 * ({@link org.v4j.api.memory.BufferHandles}). Sealed types make every switch over them exhaustive.
 */
@Export
@Version("0.4.0")
package org.v4j.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
