package dev.calloutcomes;

/**
 * Root of every exception this library throws. All are unchecked; each subclass lives in the
 * package of what failed and is named for it: {@link InvalidConfigurationException} for the host's
 * wiring, {@link InvalidInputException} for a caller's data (answer 400), and
 * {@link dev.calloutcomes.store.StoreUnavailableException} for storage (answer 503). Messages say
 * what was wrong and never contain a secret, token or signature.
 */
public abstract class CallOutcomesException extends RuntimeException {
    protected CallOutcomesException(String message) {
        super(message);
    }

    protected CallOutcomesException(String message, Throwable cause) {
        super(message, cause);
    }
}
