package dev.calloutcomes;

/**
 * Root of every exception this library throws. All are unchecked; each subclass is named for what
 * failed. Messages say what was wrong and never contain a secret, token or signature.
 */
public class CallOutcomesException extends RuntimeException {
    public CallOutcomesException(String message) {
        super(message);
    }

    public CallOutcomesException(String message, Throwable cause) {
        super(message, cause);
    }
}
