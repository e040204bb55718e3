/**
 * The v4j contract: the records, enums, interfaces and the exception that applications, the
 * device layer and the memory bundles share. It imports nothing of v4j and makes no downcall.
 * {@link org.v4j.api.MemoryProvider} is the service contract of the memory bundles;
 * {@link org.v4j.api.Frame} is what a capture listener receives.
 */
@Export
@Version("0.6.0")
package org.v4j.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
