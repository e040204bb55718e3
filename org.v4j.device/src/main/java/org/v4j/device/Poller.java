package org.v4j.device;

import java.util.Arrays;
import java.util.List;
import org.v4j.ioctl.Epoll;
import org.v4j.ioctl.EventFd;

/**
 * The one wait loop of v4j: an epoll set over device nodes, other fds (discovery's inotify) and
 * an eventfd that any thread can use to {@link #wakeup()} it. Every blocking wait is built on it:
 * {@link BufferQueue#dequeue}, {@link BufferQueue#awaitWakeup} (each queue has a poller of its
 * own), {@link Device#awaitEvent}, the hot-plug watch, and a thread serving several devices.
 *
 * <p>A queue is watched for buffers only while the driver owns some, and for events and removal
 * always, so a thread whose application holds every buffer still notices a pulled camera (vb2
 * answers POLLERR at once when POLLIN is asked with nothing queued). A queue is re-armed
 * (EPOLL_CTL_MOD) only when that changes, so a steady loop makes no epoll_ctl calls. A queue
 * served here also wakes this poller when one of its frames is released. Waiting allocates nothing.
 *
 * <p>The two queues of a memory-to-memory node (OUTPUT and CAPTURE on one fd) share one epoll
 * entry, as epoll keys on the fd: it waits for the union of what both wait for, and each queue
 * sees only its own readiness (POLLOUT: OUTPUT, POLLIN: CAPTURE) plus events and hang-ups.
 *
 * <p>Only the serving thread calls {@link #add}, {@link #remove}, {@link #watch}, {@link #await}
 * and {@link #close}; any thread may call {@link #wakeup()}.
 */
public final class Poller implements AutoCloseable {
    private static final long WAKE = -1, WATCHED = -2;

    private final Epoll epoll;
    private final EventFd wake;
    private BufferQueue[] queues = new BufferQueue[0];
    /** The other queue on the same fd as {@code queues[slot]} (an M2M node), or null. */
    private BufferQueue[] partners = new BufferQueue[0];
    /** What the slot's entry waits for, and what its queue and its partner each wait for. */
    private short[] armed = new short[0], armedQueue = new short[0], armedPartner = new short[0];
    private final BufferQueue[] ready = new BufferQueue[2 * Epoll.MAX_READY]; // an entry can serve two queues
    private int readyCount;
    private boolean woken;
    private boolean watchedReady;

    private Poller(String name) {
        this.epoll = Epoll.open("epoll of " + name);
        try {
            this.wake = EventFd.open("eventfd of " + name);
            epoll.add(wake.fd(), wake.toString(), Epoll.EPOLLIN, WAKE);
        } catch (RuntimeException e) {
            epoll.close();
            throw e;
        }
    }

    /** A new poller; {@code name} names its fds in errors. */
    public static Poller open(String name) {
        return new Poller(name);
    }

    /** Serves {@code queue} from now on (its device must stay open while it is added). */
    public void add(BufferQueue queue) {
        if (slotOf(queue) >= 0) {
            throw new IllegalArgumentException(queue.device().path() + " " + queue.type() + " is already served");
        }
        for (int slot = 0; slot < queues.length; slot++) {
            if (queues[slot] != null && queues[slot].device() == queue.device()) {
                if (partners[slot] != null) {
                    throw new IllegalArgumentException(queue.device().path() + ": two queues are already served");
                }
                partners[slot] = queue;
                queue.waiting().servedBy(this);
                rearm(slot, true);
                return;
            }
        }
        int slot = Arrays.asList(queues).indexOf(null);
        if (slot < 0) {
            slot = queues.length;
            queues = Arrays.copyOf(queues, slot + 1);
            partners = Arrays.copyOf(partners, slot + 1);
            armed = Arrays.copyOf(armed, slot + 1);
            armedQueue = Arrays.copyOf(armedQueue, slot + 1);
            armedPartner = Arrays.copyOf(armedPartner, slot + 1);
        }
        short events = queue.waiting().pollEvents(queue.awaitsBuffers());
        epoll.add(queue.device().fd().fd(), queue.device().path(), events, slot);
        queues[slot] = queue;
        armed[slot] = events;
        armedQueue[slot] = events;
        armedPartner[slot] = 0;
        queue.waiting().servedBy(this);
    }

    private int slotOf(BufferQueue queue) {
        for (int slot = 0; slot < queues.length; slot++) {
            if (queues[slot] == queue || partners[slot] == queue) {
                return slot;
            }
        }
        return -1;
    }

    /** Updates what the slot's entry waits for; EPOLL_CTL_MOD only when that changed (or {@code force}). */
    private void rearm(int slot, boolean force) {
        BufferQueue queue = queues[slot], partner = partners[slot];
        short own = queue.waiting().pollEvents(queue.awaitsBuffers());
        short other = partner == null ? 0 : partner.waiting().pollEvents(partner.awaitsBuffers());
        short events = (short) (own | other);
        armedQueue[slot] = own;
        armedPartner[slot] = other;
        if (force || events != armed[slot]) {
            epoll.modify(queue.device().fd().fd(), queue.device().path(), events, slot);
            armed[slot] = events;
        }
    }

    /**
     * Stops serving {@code queue}. Call it before closing the queue's device: epoll forgets an fd
     * only when its file is released, and mappings of a device keep the file alive after close.
     * Harmless if the device is already closed.
     */
    public void remove(BufferQueue queue) {
        int slot = slotOf(queue);
        if (slot < 0) {
            return;
        }
        queue.waiting().servedBy(null);
        int fd = queue.device().fd().fd();
        if (partners[slot] != null) { // the other queue of the node stays served
            if (queues[slot] == queue) {
                queues[slot] = partners[slot];
            }
            partners[slot] = null;
            if (fd >= 0) {
                rearm(slot, true);
            }
            return;
        }
        queues[slot] = null;
        if (fd >= 0) {
            epoll.remove(fd, queue.device().path());
        }
    }

    /** Watches a plain fd for {@code events} (e.g. an inotify fd for POLLIN); {@link #watchedReady()} tells. */
    public void watch(int fd, String name, int events) {
        epoll.add(fd, name, events, WATCHED);
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) until a served queue has a buffer to
     * dequeue, an event, or its device was removed, a watched fd is ready, or {@link #wakeup()};
     * returns how many queues are {@link #ready}.
     */
    public int await(int timeoutMillis) {
        for (int slot = 0; slot < queues.length; slot++) {
            BufferQueue queue = queues[slot];
            if (queue != null && !queue.device().fd().isOpen()) {
                queues[slot] = null; // closed without remove: nothing left to serve
                partners[slot] = null;
            } else if (queue != null) {
                rearm(slot, false);
            }
        }
        Arrays.fill(ready, 0, readyCount, null);
        readyCount = 0;
        woken = false;
        watchedReady = false;
        int n = epoll.await(timeoutMillis);
        for (int i = 0; i < n; i++) {
            long token = epoll.token(i);
            if (token == WAKE) {
                wake.drain();
                woken = true;
            } else if (token == WATCHED) {
                watchedReady = true;
            } else {
                int slot = (int) token;
                polled(queues[slot], armedQueue[slot], epoll.events(i));
                polled(partners[slot], armedPartner[slot], epoll.events(i));
            }
        }
        return readyCount;
    }

    /** Gives {@code queue} what concerns it of {@code revents}: what it asked for, events and hang-ups. */
    private void polled(BufferQueue queue, short asked, int revents) {
        int mine = revents & (asked | Epoll.EPOLLERR | Epoll.EPOLLHUP);
        if (queue != null && mine != 0) {
            queue.waiting().polled(mine, QueueWait.waitsForBuffers(asked));
            ready[readyCount++] = queue;
        }
    }

    /** The {@code i}th queue the last {@link #await} found ready. */
    public BufferQueue ready(int i) {
        if (i < 0 || i >= readyCount) {
            throw new IndexOutOfBoundsException(i + " of " + readyCount + " ready queues");
        }
        return ready[i];
    }

    /** Whether the last {@link #await} was ended by {@link #wakeup()}. */
    public boolean woken() {
        return woken;
    }

    /** Whether a {@link #watch watched} fd was ready in the last {@link #await}. */
    public boolean watchedReady() {
        return watchedReady;
    }

    /** Takes back a {@link #wakeup()} no {@link #await} has seen; only while no thread awaits. */
    void clearWakeup() {
        wake.drain();
    }

    /** Wakes the thread in {@link #await}; from any thread, harmless after close. */
    public void wakeup() {
        wake.signal();
    }

    /** Closes the epoll set and the eventfd; the queues and their devices stay open. Idempotent. */
    @Override
    public void close() {
        for (BufferQueue[] served : List.of(queues, partners)) {
            for (BufferQueue queue : served) {
                if (queue != null) {
                    queue.waiting().servedBy(null);
                }
            }
        }
        try {
            epoll.close();
        } finally {
            wake.close();
        }
    }
}
