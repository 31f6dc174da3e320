package dev.calloutcomes.maintenance;

import dev.calloutcomes.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * Operator tasks over stored events and calls, made by {@link dev.calloutcomes.CallOutcomes#maintenance()}:
 * re-run classification after rules change, retry failed events, and close calls that never
 * received a final event. Each call is rewritten in its own unit of work, with the listeners.
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
     * call's computation as usual. Returns how many calls were closed.
     *
     * @throws InvalidInputException when {@code maxAge} is under
     *     {@link #MIN_SWEEP_AGE} or {@code limit} below 1
     */
    int sweepStuckCalls(Duration maxAge, int limit);
}
