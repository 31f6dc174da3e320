package dev.calloutcomes.call;

import java.util.Optional;

/**
 * Called for every event applied to a call, inside the same unit of work as the event insert and
 * the call update. A listener that throws rolls the whole event back, so that LiveKit's redelivery
 * retries it. Use {@link UnitOfWork#unwrap} to write to the host's own tables in the same
 * transaction. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutcomeListener {
    void onCallUpdated(CallChange change, UnitOfWork work);

    /**
     * What a {@link OutcomeListener} may do with the unit of work it runs in: reach the store's own
     * handle on it, so that the host's writes commit or roll back with ours. Nothing else: the store's
     * operations are the library's.
     */
    public interface UnitOfWork {
        /**
         * The store's own handle on this unit of work (a Jdbi {@code Handle} for the JDBC store), or
         * empty when the store has none of that type (the in-memory store has none).
         */
        default <H> Optional<H> unwrap(Class<H> type) {
            return Optional.empty();
        }
    }
}
