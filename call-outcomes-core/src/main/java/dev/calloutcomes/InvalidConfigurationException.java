package dev.calloutcomes;

/**
 * A builder or setting was given a value it cannot accept: a mistake in the host's wiring, found
 * when it is built. The message names the field and the bad value.
 */
public final class InvalidConfigurationException extends CallOutcomesException {
    public InvalidConfigurationException(String message) {
        super(message);
    }
}
