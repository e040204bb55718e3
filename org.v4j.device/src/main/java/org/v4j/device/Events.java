package org.v4j.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import org.v4j.api.Event;
import org.v4j.api.EventChange;
import org.v4j.api.EventType;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Ioctl;
import org.v4j.ioctl.V4l2Event;
import org.v4j.ioctl.V4l2EventSubscription;
import org.v4j.ioctl.V4l2QueryExtCtrl;
import org.v4j.ioctl.Vidioc;

/** V4L2 events of a device's file handle: (un)subscription and {@code struct v4l2_event} read into {@link Event}. */
final class Events {
    private Events() {}

    /** VIDIOC_SUBSCRIBE_EVENT or VIDIOC_UNSUBSCRIBE_EVENT. */
    static void subscription(DeviceFd fd, Ioctl request, int type, int id, int flags) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sub = call.allocate(V4l2EventSubscription.LAYOUT);
            V4l2EventSubscription.TYPE.set(sub, type);
            V4l2EventSubscription.ID.set(sub, id);
            V4l2EventSubscription.FLAGS.set(sub, flags);
            Vidioc.subscription(fd, request, sub);
        }
    }

    /** VIDIOC_DQEVENT: the next pending event, or null. */
    static Event dequeue(DeviceFd fd) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment e = call.allocate(V4l2Event.LAYOUT);
            if (!Vidioc.dqevent(fd, e)) {
                return null;
            }
            EventType type = KernelNumbers.eventType((int) V4l2Event.TYPE.get(e));
            Set<EventChange> changes = switch (type) {
                case CTRL -> KernelNumbers.flags(EventChange.class, KernelNumbers::controlChangeBit,
                        (int) V4l2Event.CTRL_CHANGES.get(e));
                case SOURCE_CHANGE -> KernelNumbers.flags(EventChange.class, KernelNumbers::sourceChangeBit,
                        (int) V4l2Event.SRC_CHANGES.get(e));
                default -> Set.of();
            };
            long value = switch (type) {
                case CTRL -> (int) V4l2Event.CTRL_TYPE.get(e) == V4l2QueryExtCtrl.TYPE_INTEGER64
                        ? (long) V4l2Event.CTRL_VALUE64.get(e) : (int) V4l2Event.CTRL_VALUE.get(e);
                case FRAME_SYNC -> Integer.toUnsignedLong((int) V4l2Event.FRAME_SEQUENCE.get(e));
                default -> 0;
            };
            return new Event(type, (int) V4l2Event.ID.get(e), changes, value, (int) V4l2Event.SEQUENCE.get(e),
                    (int) V4l2Event.PENDING.get(e),
                    (long) V4l2Event.TV_SEC.get(e) * 1_000_000_000L + (long) V4l2Event.TV_NSEC.get(e));
        }
    }
}
