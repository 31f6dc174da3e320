package dev.calloutcomes.fact;

import dev.calloutcomes.InvalidInputException;

/** A fact that cannot be taken: the message names the field and what it must be (HTTP: 400). */
public final class InvalidFactException extends InvalidInputException {
    public InvalidFactException(String message) {
        super(message);
    }
}
