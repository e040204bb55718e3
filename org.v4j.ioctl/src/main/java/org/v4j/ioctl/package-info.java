/**
 * The bottom layer of v4j: Linux syscalls through FFM downcalls with errno captured, the V4L2
 * struct layouts this project uses, ioctl request numbers computed from those layouts, and one
 * typed method per ioctl. Nothing here allocates per call on the streaming path.
 */
@Export
@Version("0.4.0")
package org.v4j.ioctl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
