package org.v4j.api;

import java.util.Arrays;
import org.v4j.ioctl.Epoll;
import org.v4j.ioctl.EventFd;

/**
 * One thread serving the buffer queues of several devices: their nodes in one epoll set, with
 * an eventfd that any thread can use to {@link #wakeup()} it. The serving thread loops:
 * {@link #await}, then for each {@link #ready} queue {@link BufferQueue#dequeueReady()} (which
 * throws ENODEV once that device was removed, leaving the others served) and its pending events.
 * A queue is watched for buffers only while the driver owns some, and for events and removal
 * always, so a thread whose application holds every buffer still notices a pulled camera.
 * Waiting allocates nothing.
 *
 * <p>Only the serving thread calls {@link #add}, {@link #remove}, {@link #await} and
 * {@link #close}; any thread may call {@link #wakeup()}.
 */
public final class Poller implements AutoCloseable {
    private static final long WAKE = -1;

    private final Epoll epoll;
    private final EventFd wake;
    private BufferQueue[] queues = new BufferQueue[0];
    private short[] armed = new short[0];
    private final BufferQueue[] ready = new BufferQueue[Epoll.MAX_READY];
    private int readyCount;
    private boolean woken;

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
        int slot = Arrays.asList(queues).indexOf(null);
        if (Arrays.asList(queues).contains(queue)) {
            throw new IllegalArgumentException(queue.device().path() + " " + queue.type() + " is already served");
        }
        if (slot < 0) {
            slot = queues.length;
            queues = Arrays.copyOf(queues, slot + 1);
            armed = Arrays.copyOf(armed, slot + 1);
        }
        short events = queue.pollEvents(queue.awaitsBuffers());
        epoll.add(queue.device().fd().fd(), queue.device().path(), events, slot);
        queues[slot] = queue;
        armed[slot] = events;
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
        int fd = queue.device().fd().fd();
        if (fd >= 0) {
            epoll.remove(fd, queue.device().path());
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) until a served queue has a buffer to
     * dequeue, an event, or its device was removed, or until {@link #wakeup()}; returns how many
     * queues are {@link #ready}.
     */
    public int await(int timeoutMillis) {
        for (int slot = 0; slot < queues.length; slot++) {
            BufferQueue queue = queues[slot];
            if (queue != null && !queue.device().fd().isOpen()) {
                queues[slot] = null; // closed without remove: nothing left to serve
            } else if (queue != null) {
                short events = queue.pollEvents(queue.awaitsBuffers());
                if (events != armed[slot]) {
                    epoll.modify(queue.device().fd().fd(), queue.device().path(), events, slot);
                    armed[slot] = events;
                }
            }
        }
        Arrays.fill(ready, 0, readyCount, null);
        readyCount = 0;
        woken = false;
        int n = epoll.await(timeoutMillis);
        for (int i = 0; i < n; i++) {
            long token = epoll.token(i);
            if (token == WAKE) {
                wake.drain();
                woken = true;
                continue;
            }
            BufferQueue queue = queues[(int) token];
            if (queue != null) {
                boolean buffers = (armed[(int) token] & ~org.v4j.ioctl.Syscalls.POLLPRI) != 0;
                queue.polled(epoll.events(i), buffers);
                ready[readyCount++] = queue;
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

    /** Wakes the thread in {@link #await}; from any thread, harmless after close. */
    public void wakeup() {
        wake.signal();
    }

    /** Closes the epoll set and the eventfd; the queues and their devices stay open. Idempotent. */
    @Override
    public void close() {
        try {
            epoll.close();
        } finally {
            wake.close();
        }
    }
}
