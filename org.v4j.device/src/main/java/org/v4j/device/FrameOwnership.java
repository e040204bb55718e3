package org.v4j.device;

import java.lang.foreign.Arena;

/**
 * Who owns one buffer, and the scope its views live in: the driver while it is queued; the user
 * once it is dequeued (with data after DQBUF, without after STREAMOFF); the application while it
 * retains the frame (a count, and a release the streaming loop has not taken yet); nobody once
 * the buffers were freed (retired: no new view, no retain). Views are made in a scope of their
 * own that is closed when the buffer is queued again or retired, so a view used after that throws
 * {@link IllegalStateException} and never reaches memory the driver owns.
 *
 * <p>Two scopes, because closing a shared one costs a handshake with every thread of the JVM
 * (about 85 µs on the host with 20 threads; the bench saw the VM thread spend 340-540 µs a frame
 * on it in the guest): views the queue's own thread takes are confined to it, and closing those
 * costs nothing; views any thread may use (another thread's, or of a retained frame) share one.
 * Only the confining thread can close a confined scope, so only it can revoke a buffer that has one.
 * A view {@link DeviceFrame#withPlane} makes has a scope of the call alone, which this class never
 * sees: it only counts the calls under way, and while one is, nobody can revoke the buffer.
 *
 * <p>Kept apart from {@link DeviceFrame}, which reads the kernel's buffer struct, so that the
 * state machine runs on the host by itself. Thread-safe; it calls nothing outside itself, so a
 * frame may call it while holding its own lock.
 */
final class FrameOwnership {
    private final String buffer;
    private boolean queued;
    private boolean filled;
    private boolean retired;
    private int holds;
    private volatile boolean releasePending;
    private Arena shared;
    private Arena confined;
    private Thread confinedTo;
    /** The {@code withPlane} calls under way, all on the {@code accessor} thread (the queue's). */
    private int accesses;
    private Thread accessor;

    /** {@code buffer} names it in messages: {@code /dev/video0: buffer 2}. */
    FrameOwnership(String buffer) {
        this.buffer = buffer;
    }

    synchronized boolean isQueued() {
        return queued;
    }

    synchronized boolean isHeld() {
        return holds > 0;
    }

    /**
     * The scope to make a new view in: only while the user owns the buffer, for capture only
     * while it holds data, and only when memory backs it ({@code backed}). {@code confine}: a
     * scope confined to the calling thread, else one any thread may use.
     *
     * @throws IllegalStateException naming the buffer and why not
     */
    synchronized Arena viewScope(boolean capture, boolean backed, boolean confine) {
        check(capture, backed);
        if (!confine) {
            if (shared == null) {
                shared = Arena.ofShared();
            }
            return shared;
        }
        if (confined == null) {
            confined = Arena.ofConfined();
            confinedTo = Thread.currentThread();
        } else if (confinedTo != Thread.currentThread()) {
            throw new IllegalStateException(buffer + ": its confined views belong to thread '" + confinedTo.getName() + "'");
        }
        return confined;
    }

    /**
     * Begins a {@code withPlane} call on the calling thread: only while the user owns the buffer
     * and, for capture, it holds data. Ended by {@link #endAccess()}.
     *
     * @throws IllegalStateException naming the buffer and why not
     */
    synchronized void beginAccess(boolean capture, boolean backed) {
        check(capture, backed);
        accesses++;
        accessor = Thread.currentThread();
    }

    /** Ends a {@code withPlane} call; true when a release came meanwhile and the streaming loop should look again. */
    synchronized boolean endAccess() {
        if (--accesses == 0) {
            accessor = null;
        }
        return accesses == 0 && releasePending;
    }

    /** @throws IllegalStateException unless the user owns the buffer, with data for capture, and memory backs it */
    private void check(boolean capture, boolean backed) {
        if (retired || queued || (capture && !filled) || !backed) {
            throw new IllegalStateException(buffer
                    + (retired ? " was taken back: its buffers were freed (stream stopped or memory swapped)"
                            : queued ? " is queued: the driver owns its memory" : " holds no captured data"));
        }
    }

    /** Why the calling thread cannot revoke this buffer's views (a {@code withPlane} call is under way, or another thread's confined scope is open), or null. */
    synchronized String revocationRefused() {
        if (accesses > 0) {
            return buffer + (accessor == Thread.currentThread() ? " is being read in withPlane: queue or free it after the call returns"
                    : " is being read in withPlane on thread '" + accessor.getName() + "': only after that call can it be queued or freed");
        }
        return confined == null || confinedTo == Thread.currentThread() ? null
                : buffer + " has views confined to thread '" + confinedTo.getName()
                        + "': only that thread can queue or free it";
    }

    /** One more hold of the application. @throws IllegalStateException when the user does not own the buffer */
    synchronized void retain() {
        if (retired || queued) {
            throw new IllegalStateException(buffer + (retired ? " was taken back" : " is queued: the driver owns it"));
        }
        holds++;
    }

    /** Undoes one {@link #retain()}; true when that was the last hold, and the streaming loop should look. */
    synchronized boolean release() {
        if (holds == 0 || --holds > 0) {
            return false;
        }
        releasePending = !retired;
        return true;
    }

    /** For the streaming loop: whether the frame was released since the last call (and is to be requeued). */
    boolean takeRelease() {
        if (!releasePending) {
            return false; // the loop's common case: no lock
        }
        synchronized (this) {
            if (accesses > 0) {
                return false; // still pending: endAccess() asks the loop to look again
            }
            boolean pending = releasePending && !retired && !queued;
            releasePending = false;
            return pending;
        }
    }

    /** QBUF: the driver owns the buffer; every hold ends with it. Views must have been revoked before. */
    synchronized void queued() {
        holds = 0;
        queued = true;
        filled = false;
    }

    /** DQBUF: the user owns the buffer and its data. */
    synchronized void dequeued() {
        queued = false;
        filled = true;
    }

    /** STREAMOFF gave the buffer back without data. */
    synchronized void returned() {
        if (queued) {
            queued = false;
            filled = false;
        }
    }

    /**
     * Closes the scope of every view handed out: they throw from now on.
     *
     * @return whether there was a view to revoke
     * @throws IllegalStateException when another thread's confined scope is open: nothing is closed
     */
    synchronized boolean revoke() {
        String refused = revocationRefused();
        if (refused != null) {
            throw new IllegalStateException(refused);
        }
        boolean any = shared != null || confined != null;
        if (confined != null) {
            confined.close();
            confined = null;
            confinedTo = null;
        }
        if (shared != null) {
            shared.close();
            shared = null;
        }
        return any;
    }

    /** The buffers were freed: every hold ends, nothing is pending, and no new view or hold is given. Then {@link #revoke()}. */
    synchronized void retire() {
        retired = true;
        holds = 0;
        releasePending = false;
        filled = false;
    }
}
