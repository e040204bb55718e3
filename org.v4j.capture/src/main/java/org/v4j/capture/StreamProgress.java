package org.v4j.capture;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What other threads wait for on a stream: its progress (frames delivered, the provider it uses)
 * and its end, once everything it held is released. The stream's thread signals; any thread waits.
 */
final class StreamProgress {
    private final Object lock = new Object();
    private final CountDownLatch released = new CountDownLatch(1);

    /** Counts a delivered frame and wakes the waiters. */
    void delivered(StreamCounters counters, long now) {
        synchronized (lock) {
            counters.delivered(now);
            lock.notifyAll();
        }
    }

    /** Something a waiter may be waiting for changed. */
    void signal() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** The stream ended and released everything. */
    void released() {
        released.countDown();
        signal();
    }

    boolean isReleased() {
        return released.getCount() == 0;
    }

    /**
     * Waits until {@code done} holds, the stream is released, or {@code timeout} passes; returns
     * whether {@code done} held (or, with {@code releasedCounts}, the stream was released).
     */
    boolean await(BooleanSupplier done, boolean releasedCounts, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                if (isReleased()) {
                    return releasedCounts;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Waits for the release; false on timeout. */
    boolean awaitReleased(Duration timeout) throws InterruptedException {
        return released.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
