package org.v4j.http;

/**
 * One client of {@code /stream}: a mailbox of one picture. The encoder puts the newest picture
 * in and never waits; a picture the client had not taken yet is replaced and counted as
 * dropped, so a slow client only loses frames of its own.
 */
final class Viewer {
    private Picture pending;
    private long dropped;
    private boolean closed;

    synchronized void offer(Picture picture) {
        if (pending != null) {
            dropped++;
        }
        pending = picture;
        notifyAll();
    }

    /** The next picture, or null when none came within {@code millis} or the viewer was closed. */
    synchronized Picture take(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (pending == null && !closed) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        Picture p = pending;
        pending = null;
        return p;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Ends a {@link #take} in progress: the stream is over. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
