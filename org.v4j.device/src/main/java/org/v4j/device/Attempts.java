package org.v4j.device;

/** Teardown that runs every step even when one fails: the first failure is kept, later ones suppressed into it. */
final class Attempts {
    private Attempts() {}

    /** Runs {@code step}; returns the first failure so far. */
    static RuntimeException run(RuntimeException failure, Runnable step) {
        try {
            step.run();
            return failure;
        } catch (RuntimeException e) {
            return merge(failure, e);
        }
    }

    static RuntimeException merge(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        if (next != null && next != first) {
            first.addSuppressed(next);
        }
        return first;
    }
}
