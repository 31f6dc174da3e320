package dev.calloutcomes.livekit;

import dev.calloutcomes.InvalidInputException;

/** A webhook body that is not a well-formed LiveKit event; the message says what was wrong. */
public final class MalformedEventException extends InvalidInputException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
