package dev.calloutcomes.jdbc;

import dev.calloutcomes.CallOutcomesException;

/** A schema migration could not be applied or rolled back; the message says which step failed. */
public final class MigrationFailedException extends CallOutcomesException {
    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
