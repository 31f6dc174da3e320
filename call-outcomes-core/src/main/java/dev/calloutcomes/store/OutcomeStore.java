package dev.calloutcomes.store;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where events and calls are kept. Writes happen inside {@link #inTransaction units of work};
 * reads are tenant-scoped: no method returns a call of a tenant other than the one asked for.
 * Implementations must be thread-safe, and raise {@link StoreUnavailableException} when the
 * underlying storage cannot be reached (nothing of the failed unit of work may remain), and
 * {@link InvalidDataException} when it refuses a value as data it cannot hold (bad input: retrying
 * fails the same way).
 *
 * <p>Every implementation should pass the contract suite {@code OutcomeStoreContract} from the
 * core's test jar.
 */
public interface OutcomeStore {

    /** A thread-safe in-memory store, for tests and demos; its state dies with the JVM. */
    static OutcomeStore inMemory() {
        return new InMemoryOutcomeStore(Clock.systemUTC());
    }

    /** An in-memory store whose {@code createdAt}/{@code updatedAt} come from {@code clock}. */
    static OutcomeStore inMemory(Clock clock) {
        return new InMemoryOutcomeStore(clock);
    }

    /**
     * Runs {@code work} as one unit of work: everything it writes commits together, or nothing does
     * when it throws (the exception is rethrown as it is). Units of work touching the same call are
     * serialized by {@link StoreTransaction#lockOrCreateCall}.
     */
    <T> T inTransaction(Function<StoreTransaction, T> work);

    /** The call {@code callId} of {@code tenantId}; empty when absent or owned by another tenant. */
    Optional<CallRecord> findCall(String tenantId, String callId);

    /** The call of {@code tenantId} in the room with this sid or (when no call has it) this name. */
    Optional<CallRecord> findCallByRoom(String tenantId, String roomSid, String roomName);

    /** A page of {@code query.tenantId()}'s calls, newest first. */
    CallPage queryCalls(CallQuery query);

    /** Outcome statistics of {@code query.tenantId()}'s calls. */
    OutcomeStats stats(StatsQuery query);

    /** The stored event with this id, of any tenant or none: for operators, not for tenant-facing APIs. */
    Optional<StoredEvent> findEvent(String eventId);

    /** Up to {@code limit} events in {@code status}, oldest first: for operators and reprocessing. */
    List<StoredEvent> findEventsByStatus(EventStatus status, int limit);

    /**
     * How many events have {@code status}, without reading them (a spool counts what it holds at start this way). The
     * default reads them all; a store that can count (the JDBC store) should.
     */
    default long countEventsByStatus(EventStatus status) {
        return findEventsByStatus(status, Integer.MAX_VALUE).size();
    }

    /** The events attached to {@code callId} of {@code tenantId}. */
    List<StoredEvent> findCallEvents(String tenantId, String callId);

    /**
     * Claims up to {@code limit} pending events that are due at {@code now}, oldest first, leasing
     * them until {@code leaseUntil}: no other claimer gets them before the lease ends (several
     * workers and several processes may claim concurrently). A worker that dies leaves its lease to
     * expire, and the events are claimed again.
     */
    List<StoredEvent> claimPendingEvents(int limit, Instant now, Instant leaseUntil);

    /** Makes a claimed, still pending event due again at once (graceful shutdown). */
    void releaseClaim(String eventId);

    /**
     * Calls of any tenant that hold events but have not ended, whose record was last written before
     * {@code cutoff}: for the stuck-call sweep. A registration no event joined is not stuck: nothing happened.
     */
    List<CallRecord> findOpenCallsUpdatedBefore(Instant cutoff, int limit);

    /** Removes every call and event of {@code tenantId} in one unit of work; returns how many calls went. */
    int deleteTenant(String tenantId);

    /** Throws {@link StoreUnavailableException} when the store cannot serve requests. */
    default void checkAvailable() {
    }
}
