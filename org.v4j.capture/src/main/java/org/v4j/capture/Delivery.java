package org.v4j.capture;

import org.osgi.service.log.Logger;
import org.v4j.api.Event;
import org.v4j.api.Frame;
import org.v4j.api.stream.FrameListener;

/** Calls a stream's listener on the stream's thread, outside any lock, with its exceptions contained and logged. */
final class Delivery {
    private final FrameListener listener;
    private final Logger log;
    private final int id;

    Delivery(FrameListener listener, Logger log, int id) {
        this.listener = listener;
        this.log = log;
        this.id = id;
    }

    FrameListener listener() {
        return listener;
    }

    void frame(Frame frame) {
        try {
            listener.onFrame(frame);
        } catch (RuntimeException e) {
            log.warn("stream {}: frame listener failed", id, e);
        }
    }

    /** Dequeues every pending event of {@code queue}'s device and hands it to the listener. */
    void events(StreamQueue queue) {
        Event event;
        while ((event = queue.dequeueEvent()) != null) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("stream {}: frame listener failed on an event", id, e);
            }
        }
    }
}
