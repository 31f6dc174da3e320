package dev.calloutcomes.store;

import dev.calloutcomes.CallOutcomesException;

/**
 * The store could not be reached or did not answer in time. Nothing of the failed unit of work was
 * written; the caller should answer so that the sender retries (HTTP 503).
 */
public final class StoreUnavailableException extends CallOutcomesException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
