package dev.calloutcomes.call;

import dev.calloutcomes.CallOutcomesException;
/** An {@link OutcomeListener} threw; the event was rolled back and will be retried on redelivery. */
public final class ListenerFailedException extends CallOutcomesException {
    public ListenerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
