/**
 * Devices and buffer queues, with buffer ownership enforced: a queued buffer belongs to the
 * driver, a dequeued one to the user, and a plane's memory is reachable from Java only while the
 * user owns it. {@link org.v4j.api.MemoryProvider} is the service contract of the memory bundles.
 */
@Export
@Version("0.3.0")
package org.v4j.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
