package dev.calloutcomes.jdbc;

import dev.calloutcomes.CallOutcomesException;

/**
 * The database's tables lack what this version reads and writes (a store built with {@code migrate(false)} on a
 * schema nobody upgraded); the message names every missing table and column. A startup error: without it, every
 * webhook would answer 503 as if the database were down.
 */
public final class SchemaMismatchException extends CallOutcomesException {
    public SchemaMismatchException(String message) {
        super(message, null);
    }
}
