package dev.calloutcomes.query;

/** A pagination cursor that this library did not issue. */
public final class InvalidCursorException extends InvalidQueryException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
