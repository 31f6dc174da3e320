package dev.calloutcomes.query;

import dev.calloutcomes.CallOutcomesException;

/** A pagination cursor that this library did not issue. */
public final class InvalidCursorException extends CallOutcomesException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
