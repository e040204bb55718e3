package org.v4j.device;

import java.util.Arrays;
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
 * <p>Only the serving thread calls {@link #add}, {@link #remove}, {@link #watch}, {@link #await}
 * and {@link #close}; any thread may call {@link #wakeup()}.
 */
public final class Poller implements AutoCloseable {
    private static final long WAKE = -1, WATCHED = -2;

    private final Epoll epoll;
    private final EventFd wake;
    private BufferQueue[] queues = new BufferQueue[0];
    private short[] armed = new short[0];
    private final BufferQueue[] ready = new BufferQueue[Epoll.MAX_READY];
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
        if (Arrays.asList(queues).contains(queue)) {
            throw new IllegalArgumentException(queue.device().path() + " " + queue.type() + " is already served");
        }
        int slot = Arrays.asList(queues).indexOf(null);
        if (slot < 0) {
            slot = queues.length;
            queues = Arrays.copyOf(queues, slot + 1);
            armed = Arrays.copyOf(armed, slot + 1);
        }
        short events = queue.waiting().pollEvents(queue.awaitsBuffers());
        epoll.add(queue.device().fd().fd(), queue.device().path(), events, slot);
        queues[slot] = queue;
        armed[slot] = events;
        queue.waiting().servedBy(this);
    }

    /**
     * Stops serving {@code queue}. Call it before closing the queue's device: epoll forgets an fd
     * only when its file is released, and mappings of a device keep the file alive after close.
     * Harmless if the device is already closed.
     */
    public void remove(BufferQueue queue) {
        int slot = Arrays.asList(queues).indexOf(queue);
        if (slot < 0) {
            return;
        }
        queues[slot] = null;
        queue.waiting().servedBy(null);
        int fd = queue.device().fd().fd();
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
            } else if (queue != null) {
                short events = queue.waiting().pollEvents(queue.awaitsBuffers());
                if (events != armed[slot]) {
                    epoll.modify(queue.device().fd().fd(), queue.device().path(), events, slot);
                    armed[slot] = events;
                }
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
                BufferQueue queue = queues[(int) token];
                if (queue != null) {
                    queue.waiting().polled(epoll.events(i), QueueWait.waitsForBuffers(armed[(int) token]));
                    ready[readyCount++] = queue;
                }
            }
        }
        return readyCount;
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
        for (BufferQueue queue : queues) {
            if (queue != null) {
                queue.waiting().servedBy(null);
            }
        }
        try {
            epoll.close();
        } finally {
            wake.close();
        }
    }
}
