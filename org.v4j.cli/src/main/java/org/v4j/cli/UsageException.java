package org.v4j.cli;

/** A command line that cannot be understood; reported with the usage text and exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
