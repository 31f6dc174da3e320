package dev.calloutcomes;

/**
 * A caller's data was refused: a query, a registration, an event or a value the database cannot
 * hold. Not a fault of the host's configuration nor an outage; an HTTP adapter answers 400 with
 * the message, which names what was wrong and never repeats a secret.
 */
public abstract class InvalidInputException extends CallOutcomesException {
    protected InvalidInputException(String message) {
        super(message);
    }

    protected InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
