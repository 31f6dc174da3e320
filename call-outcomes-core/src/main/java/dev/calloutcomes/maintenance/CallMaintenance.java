package dev.calloutcomes.maintenance;

import dev.calloutcomes.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Operator tasks over stored events and calls, made by {@link dev.calloutcomes.CallOutcomes#maintenance()}:
 * re-run classification after rules change, retry failed events, close calls that never
 * received a final event, and forward what the spool holds once the store answers again. Each call is rewritten in its own unit of work, with the listeners.
 * Thread-safe.
 */
public interface CallMaintenance {
    /** The reason given to calls closed by {@link #sweepStuckCalls}. */
    String NO_FINAL_EVENT = "no_final_event";
    /**
     * The youngest a call may be to be swept: 5 minutes. A younger bound would close calls still
     * ringing or in progress (at 0, every open call of every tenant).
     */
    Duration MIN_SWEEP_AGE = Duration.ofMinutes(5);

    /**
     * Recomputes every call of {@code tenantId} created in {@code [from, to)} from its stored events
     * with the current rules; returns how many calls changed.
     *
     * @throws InvalidInputException for a tenant or range a query could not take
     */
    int reprocess(String tenantId, Instant from, Instant to);

    /**
     * Puts up to {@code limit} failed, parseable events back to pending and, in synchronous mode,
     * applies them at once (in asynchronous mode the workers do); returns how many were requeued.
     */
    int retryFailed(int limit);

    /**
     * Closes calls not ended whose record has not changed for {@code maxAge}: outcome failed, reason
     * {@value #NO_FINAL_EVENT}, so that no call stays in progress forever. A late event reopens the
     * call's computation as usual. Returns how many calls were closed; none while the spool holds webhooks, whose
     * final events may be among them.
     *
     * @throws InvalidInputException when {@code maxAge} is under
     *     {@link #MIN_SWEEP_AGE} or {@code limit} below 1
     */
    int sweepStuckCalls(Duration maxAge, int limit);

    /**
     * Moves up to {@code limit} webhooks the spool holds (see {@link dev.calloutcomes.CallOutcomes.Builder#spool}) into
     * the store, oldest first, each taken as it would have been when it arrived (a webhook LiveKit redelivered meanwhile
     * is stored once); returns how many moved: 0 with no spool, an empty one, or a store that is still down. Run it on
     * a schedule (the demo server does, every second); it is safe to run from several threads.
     */
    int forwardSpool(int limit);

    /** Whether webhooks the store cannot take wait in a spool (see {@link dev.calloutcomes.CallOutcomes.Builder#spool}). */
    boolean spools();

    /** How many webhooks the spool holds; 0 with no spool. */
    long spooledEvents();

    /** When the oldest webhook the spool holds arrived; empty when it holds none. */
    Optional<Instant> oldestSpooled();
}
