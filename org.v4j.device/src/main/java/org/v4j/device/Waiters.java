package org.v4j.device;

import java.util.Collection;
import org.v4j.api.V4l2Exception;

/**
 * The threads blocked on one device (in dequeue, awaitWakeup, awaitEvent), so that a close from
 * any thread can wake them and wait until they have left before it frees what they use: each
 * then throws {@code device closed}, and so does every call that comes after.
 */
final class Waiters {
    /** How long a close waits for woken threads to leave before it gives up, naming them. */
    private static final long GONE_MILLIS = 5_000;

    private final String path;
    private volatile boolean closing;
    private int count;

    Waiters(String path) {
        this.path = path;
    }

    /** Counts the calling thread into a wait. @throws V4l2Exception {@code device closed} once close began */
    synchronized void enter(String call) {
        requireOpen(call);
        count++;
    }

    /** Counts the calling thread out of its wait. */
    synchronized void exit() {
        // only a close waits here: a notifyAll per frame would inflate the monitor on every wait
        if (--count == 0 && closing) {
            notifyAll();
        }
    }

    /**
     * The first half of {@link Device#close()}: wakes every wait of {@code queues} and
     * {@code events}, waits until they have left, then refuses (the device serving calls again,
     * the wakeups taken back, as no thread waited for them) while a queue holds views the calling
     * thread cannot revoke.
     */
    synchronized void closeAll(Collection<BufferQueue> queues, Poller events) {
        close(() -> {
            queues.forEach(BufferQueue::wakeup);
            if (events != null) {
                events.wakeup();
            }
        });
        for (BufferQueue queue : queues) {
            String refused = queue.revocationRefused();
            if (refused != null) {
                queues.forEach(BufferQueue::clearWakeup);
                if (events != null) {
                    events.clearWakeup();
                }
                closing = false;
                throw new IllegalStateException(path + ": not closed: " + refused);
            }
        }
    }

    boolean isClosing() {
        return closing;
    }

    /** @throws V4l2Exception {@code device closed}, naming the call, once close began */
    void requireOpen(String call) {
        if (closing) {
            throw new V4l2Exception("device closed", path, call);
        }
    }

    /**
     * Refuses every new call from now on, runs {@code wake} (which wakes every wait) and waits until
     * the waiters have left; if they do not within {@link #GONE_MILLIS}, the device stays open.
     */
    private void close(Runnable wake) {
        closing = true;
        wake.run();
        long deadline = System.nanoTime() + GONE_MILLIS * 1_000_000L;
        boolean interrupted = false;
        while (count > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                closing = false;
                throw new IllegalStateException(path + ": " + count + " thread(s) still wait on the device "
                        + GONE_MILLIS + " ms after close() woke them; not closed");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
