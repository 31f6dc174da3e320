package dev.calloutcomes.call;

/**
 * Called for every event applied to a call, inside the same unit of work as the event insert and
 * the call update. A listener that throws rolls the whole event back, so that LiveKit's redelivery
 * retries it. Use {@link UnitOfWork#unwrap} to write to the host's own tables in the same
 * transaction. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutcomeListener {
    void onCallUpdated(CallChange change, UnitOfWork work);
}
