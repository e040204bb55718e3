package org.v4j.api;

import java.util.Set;

/**
 * An event dequeued with VIDIOC_DQEVENT.
 *
 * @param id        the control id (control events), the pad or input (source change)
 * @param changes   what changed (control and source change events; empty for the others)
 * @param value     control events: the new value; frame sync: the frame sequence
 * @param sequence  the event counter of this file handle
 * @param pending   how many more events wait
 */
public record Event(EventType type, int id, Set<EventChange> changes, long value, int sequence, int pending,
        long timestampNanos) {
    public Event {
        changes = Set.copyOf(changes);
    }
}
