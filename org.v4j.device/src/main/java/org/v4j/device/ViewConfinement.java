package org.v4j.device;

/**
 * Which thread owns a queue's views ({@link BufferQueue#confineViews()}), and what that owner's
 * confinement refuses to others. Views the owner takes of frames it does not retain are confined
 * to it, so revoking them at QBUF costs nothing, where closing a scope any thread may use costs a
 * handshake with every thread of the JVM, per frame. Only the owner can close a confined scope,
 * so only it can queue or free a buffer whose confined views are open; others are refused,
 * naming it. A {@link Device#close()} from another thread ends the owner's waits, which revoke its
 * views on their way out ({@link #revokeOwn}); if it is not waiting and holds such views, the
 * close is refused and the device stays open.
 */
final class ViewConfinement {
    private volatile Thread owner;

    void confineTo(Thread thread) {
        owner = thread;
    }

    /** The owning thread, or null. */
    Thread owner() {
        return owner;
    }

    /** Why the calling thread cannot revoke every view of {@code frames} now, or null. */
    static String refused(DeviceFrame[] frames) {
        for (DeviceFrame frame : frames) {
            String refused = frame.revocationRefused();
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    /** For a closing device: the calling thread, if it is the owner, revokes its views of {@code frames}. */
    void revokeOwn(DeviceFrame[] frames) {
        if (owner != Thread.currentThread()) {
            return;
        }
        for (DeviceFrame frame : frames) {
            try {
                frame.revoke();
            } catch (RuntimeException e) {
                // the device is closing: the close reports what fails when it frees the buffers
            }
        }
    }
}
