package dev.calloutcomes.call;

import java.util.Optional;

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
