package org.v4j.capture;

/**
 * No registered provider serves a stream's memory preference within its wait: what a configured
 * stream waits out (providers start after it in a framework that restarts from its cache) rather
 * than a failure.
 */
final class NoMemoryProvider extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoMemoryProvider(String message) {
        super(message);
    }
}
