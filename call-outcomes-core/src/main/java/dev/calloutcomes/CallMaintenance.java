package dev.calloutcomes;

import static dev.calloutcomes.InvalidConfigurationException.require;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator tasks over stored events and calls: re-run classification after rules change, retry
 * failed events, and close calls that never received a final event. Each call is rewritten in its
 * own unit of work, with the listeners. Thread-safe.
 */
public final class CallMaintenance {
    /** The reason given to calls closed by {@link #sweepStuckCalls}. */
    public static final String NO_FINAL_EVENT = "no_final_event";
    /**
     * The youngest a call may be to be swept: 5 minutes. A younger bound would close calls still
     * ringing or in progress (at 0, every open call of every tenant).
     */
    public static final Duration MIN_SWEEP_AGE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(CallMaintenance.class);

    private final CallOutcomes outcomes;
    private final OutcomeStore store;

    private CallMaintenance(CallOutcomes outcomes) {
        this.outcomes = outcomes;
        this.store = outcomes.store();
    }

    public static CallMaintenance of(CallOutcomes outcomes) {
        return new CallMaintenance(Objects.requireNonNull(outcomes, "outcomes"));
    }

    /**
     * Recomputes every call of {@code tenantId} created in {@code [from, to)} from its stored events
     * with the current rules; returns how many calls changed.
     *
     * @throws dev.calloutcomes.query.InvalidQueryException for a tenant or range a query could not take
     */
    public int reprocess(String tenantId, Instant from, Instant to) {
        int changed = 0;
        CallQuery query = CallQuery.forTenant(tenantId).withRange(from, to).withLimit(CallQuery.MAX_LIMIT);
        CallPage page;
        do {
            page = store.queryCalls(query);
            for (CallRecord call : page.items()) {
                if (rewrite(call, false)) {
                    changed++;
                }
            }
            query = query.withCursor(page.next());
        } while (page.next() != null);
        LOG.info("reprocessed calls of tenant {} in [{}, {}): {} changed", tenantId, from, to, changed);
        return changed;
    }

    /**
     * Puts up to {@code limit} failed, parseable events back to pending and applies them (in
     * asynchronous mode the workers do); returns how many were requeued.
     */
    public int retryFailed(int limit) {
        List<StoredEvent> failed = store.findEventsByStatus(EventStatus.FAILED, limit);
        int requeued = 0;
        for (StoredEvent e : failed) {
            if (store.inTransaction(tx -> tx.requeueFailed(e.eventId()))) {
                requeued++;
            }
        }
        if (!outcomes.isAsynchronous() && requeued > 0) {
            EventWorkers.builder(outcomes).batchSize(Math.max(1, Math.min(requeued, 10_000))).build().drain();
        }
        LOG.info("requeued {} failed events", requeued);
        return requeued;
    }

    /**
     * Closes calls not ended whose record has not changed for {@code maxAge}: outcome failed, reason
     * {@value #NO_FINAL_EVENT}, so that no call stays in progress forever. A late event reopens the
     * call's computation as usual. Returns how many calls were closed.
     *
     * @throws InvalidConfigurationException when {@code maxAge} is under {@link #MIN_SWEEP_AGE} or {@code limit} below 1
     */
    public int sweepStuckCalls(Duration maxAge, int limit) {
        require(maxAge != null && maxAge.compareTo(MIN_SWEEP_AGE) >= 0, "maxAge", maxAge, "must be at least " + MIN_SWEEP_AGE);
        require(limit >= 1, "limit", limit, "must be positive");
        Instant cutoff = outcomes.clock().instant().minus(maxAge);
        int closed = 0;
        for (CallRecord call : store.findOpenCallsUpdatedBefore(cutoff, limit)) {
            if (rewrite(call, true)) {
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("closed {} calls with no final event after {}", closed, maxAge);
        }
        return closed;
    }

    private boolean rewrite(CallRecord call, boolean closeIfOpen) {
        return store.inTransaction(tx -> {
            CallRecord before = tx.lockOrCreateCall(call);
            CallRecord after = outcomes.project(before, outcomes.recorder().loadEvents(tx, before.tenantId(), before.id(), null));
            if (closeIfOpen && after.status() != CallStatus.ENDED) {
                after = new CallRecord(after.id(), after.tenantId(), CallStatus.ENDED, Outcome.FAILED, NO_FINAL_EVENT,
                        after.direction(), after.phoneNumber(), after.campaignId(), after.leadId(), after.sipCallId(),
                        after.trunkNumber(), after.roomSid(), after.roomName(), after.startedAt(), after.endedAt(),
                        after.durationSeconds(), after.recordingUrl(), after.metadata(), after.registration(),
                        after.createdAt(), after.updatedAt());
            }
            if (after.withTimestamps(null, null).equals(before.withTimestamps(null, null))) {
                return false;
            }
            tx.upsertCall(after);
            outcomes.recorder().notifyListeners(new CallChange(null, before, after), tx);
            return true;
        });
    }
}
