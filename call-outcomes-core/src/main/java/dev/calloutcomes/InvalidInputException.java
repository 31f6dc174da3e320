package dev.calloutcomes;

/**
 * A caller's data was refused: a query or cursor, a registration, a fact, a maintenance request, an event, a wire
 * name that is not one of ours, or a value the database cannot hold. Not a fault of the host's configuration nor an
 * outage; an HTTP adapter answers 400 with the message, which names the field and what was wrong and never repeats a
 * secret. No caller tells these apart, so they are one type; what a caller must handle differently has its own
 * (a malformed webhook, which is kept; a row the database refuses).
 */
public class InvalidInputException extends CallOutcomesException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
