package dev.calloutcomes;

/**
 * A name that is not one of a closed set's wire names (an outcome, a call status, a grouping):
 * bad input, answered 400 by the HTTP adapters. The message lists nothing secret.
 */
public final class UnknownWireNameException extends InvalidInputException {
    public UnknownWireNameException(String message) {
        super(message);
    }
}
