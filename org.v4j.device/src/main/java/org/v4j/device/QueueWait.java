package org.v4j.device;

import org.v4j.ioctl.Epoll;
import org.v4j.ioctl.Errno;

/**
 * What one queue waits for on its device, and what the waits saw: a pending event (POLLPRI) and
 * the hang-up of a removed node, which the kernel reports whatever was asked
 * (POLLERR|POLLHUP|POLLPRI once {@code video_unregister_device} ran). The queue's own blocking
 * waits go through a {@link Poller} of its own; a shared poller serving the queue is woken too.
 */
final class QueueWait {
    static final int BUFFER_READY = 1, WOKEN = 2, EVENT = 4;

    private final BufferQueue queue;
    private final Poller own;
    private volatile Poller server;
    private boolean eventPending;
    private boolean hungUp;
    private int lastPolled;
    /** The thread in {@link #awaitAlone}, or null; guarded by this. */
    private Thread waiter;

    QueueWait(BufferQueue queue) {
        this.queue = queue;
        this.own = Poller.open(queue.device().path() + " " + queue.type());
    }

    /** Registers the device with the queue's own poller; once the queue can answer {@link BufferQueue#waiting()}. */
    void start() {
        try {
            own.add(queue);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * The epoll events to wait for on the device: POLLPRI always and, while the driver owns
     * buffers, POLLIN (capture) or POLLOUT (output).
     */
    short pollEvents(boolean buffers) {
        return (short) (Epoll.EPOLLPRI | (buffers ? (queue.type().isCapture() ? Epoll.EPOLLIN : Epoll.EPOLLOUT) : 0));
    }

    /** Whether {@code armed} events include buffer readiness. */
    static boolean waitsForBuffers(short armed) {
        return (armed & ~Epoll.EPOLLPRI) != 0;
    }

    /** The shared poller that serves the queue now (null: none), to be woken with it. */
    void servedBy(Poller poller) {
        if (poller != own) {
            server = poller;
        }
    }

    /**
     * Notes what a wait returned for the device: an event pending, or, while no buffer was waited
     * for, the hang-up of a removed node. Returns {@link #BUFFER_READY} and {@link #EVENT} bits.
     */
    int polled(int revents, boolean buffers) {
        int result = 0;
        if (!buffers && (revents & Epoll.EPOLLHUP) != 0) {
            hungUp = true;
        }
        if ((revents & Epoll.EPOLLPRI) != 0) {
            eventPending = true;
            result |= EVENT;
        }
        if (buffers && (revents & ~Epoll.EPOLLPRI) != 0) {
            result |= BUFFER_READY;
        }
        lastPolled = result;
        return result;
    }

    /**
     * Waits on this queue alone; returns {@link #BUFFER_READY}, {@link #WOKEN} and {@link #EVENT} bits.
     *
     * @throws org.v4j.api.V4l2Exception with ENODEV once the device was removed
     */
    int await(int timeoutMillis) {
        lastPolled = 0;
        int result = own.await(timeoutMillis) > 0 ? lastPolled : 0;
        if (own.woken()) {
            result |= WOKEN;
        }
        checkRemoved();
        return result;
    }

    /**
     * {@link #await} for the queue's one waiting thread, counted on the device so that its close
     * can end the wait: a second thread is refused, naming the first, rather than both racing for
     * one buffer. Outside the queue's lock, so that other threads can queue, release and wake.
     */
    int awaitAlone(String call, int timeoutMillis) {
        synchronized (this) {
            if (waiter != null) {
                throw new IllegalStateException(queue.device().path() + " " + queue.type() + ": thread '"
                        + waiter.getName() + "' already waits on this queue; one thread at a time dequeues it");
            }
            queue.device().enterWait(call);
            waiter = Thread.currentThread();
        }
        try {
            return await(timeoutMillis);
        } finally {
            synchronized (this) {
                waiter = null;
            }
            queue.device().exitWait();
        }
    }

    /** @throws org.v4j.api.V4l2Exception with ENODEV once a wait saw the node hang up */
    void checkRemoved() {
        if (hungUp) {
            throw Errno.failed(queue.device().path(), "epoll_wait", Errno.ENODEV);
        }
    }

    boolean takeEventPending() {
        boolean pending = eventPending;
        eventPending = false;
        return pending;
    }

    /** Wakes whoever waits for this queue: its own poller and the shared one serving it. From any thread. */
    void wakeup() {
        own.wakeup();
        Poller shared = server;
        if (shared != null) {
            shared.wakeup();
        }
    }

    /** Takes back a wakeup of the queue's own poller that no wait saw; only while none waits. */
    void clearWakeup() {
        own.clearWakeup();
    }

    void close() {
        own.close();
    }
}
