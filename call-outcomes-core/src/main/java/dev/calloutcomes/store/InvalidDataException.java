package dev.calloutcomes.store;

import dev.calloutcomes.InvalidInputException;

/**
 * The store refused a value as data it cannot hold (a JDBC data exception, SQLState class 22: a
 * character the column cannot store, a time out of range, a string too long). Bad input, not an
 * outage: retrying the same value fails the same way. The message names no value and no statement.
 */
public final class InvalidDataException extends InvalidInputException {
    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
