/**
 * The device layer: an open {@link org.v4j.device.Device}, its {@link org.v4j.device.BufferQueue}s
 * with the whole buffer protocol and buffer ownership (a queued buffer belongs to the driver, a
 * dequeued one to the user, and a plane's memory is reachable from Java only while the user owns
 * it), {@link org.v4j.device.Controls}, events, and {@link org.v4j.device.Poller}, the one wait
 * loop. Memory-to-memory nodes: {@link org.v4j.device.Mem2Mem} (both queues, one wait), the
 * stateful codec protocols ({@link org.v4j.device.StatefulDecoder}, and
 * {@link org.v4j.device.EncodeChain}: a camera's buffers imported by an encoder, no copy). For consumers that drive queues themselves; applications that only stream frames use the
 * capture service of {@code org.v4j.api.stream}.
 */
@Export
@Version("0.3.0")
package org.v4j.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
