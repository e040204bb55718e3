/**
 * The capture contract between applications and the v4j consumer bundle: start a stream on a
 * device with a memory type, receive frames, read its statistics.
 */
@Export
@Version("0.5.0")
package org.v4j.api.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
