package org.v4j.api.stream;

import org.osgi.annotation.versioning.ConsumerType;
import org.v4j.api.Frame;

/**
 * Receives each captured frame on the stream's thread. The frame's plane views are valid only
 * during the call: the buffer is requeued when it returns. Copy what must outlive it.
 */
@ConsumerType
@FunctionalInterface
public interface FrameListener {
    void onFrame(Frame frame);
}
