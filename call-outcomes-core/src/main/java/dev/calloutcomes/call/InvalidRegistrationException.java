package dev.calloutcomes.call;

import dev.calloutcomes.InvalidInputException;

/** A {@link CallRegistration} with a value it cannot hold; the message names the field. Bad input (400). */
public final class InvalidRegistrationException extends InvalidInputException {
    public InvalidRegistrationException(String message) {
        super(message);
    }
}
