package dev.calloutcomes.internal.engine;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CallMaintenance} over an engine's store, with its recorder and listeners. */
final class Maintenance implements CallMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(CallMaintenance.class);
    /** The most events applied together while catching up after {@link #retryFailed} in synchronous mode. */
    private static final int CATCH_UP_BATCH = 10_000;

    private final Engine engine;
    private final OutcomeStore store;

    Maintenance(Engine engine) {
        this.engine = engine;
        this.store = engine.outcomeStore();
    }

    @Override
    public int reprocess(String tenantId, Instant from, Instant to) {
        int changed = 0;
        CallQuery query = CallQuery.forTenant(tenantId).withRange(from, to).withLimit(CallQuery.MAX_LIMIT);
        CallPage page;
        do {
            page = store.queryCalls(query);
            for (CallRecord call : page.items()) {
                if (rewrite(call, Rewrite.RECOMPUTE)) {
                    changed++;
                }
            }
            query = query.withCursor(page.next());
        } while (page.next() != null);
        LOG.info("reprocessed calls of tenant {} in [{}, {}): {} changed", tenantId, from, to, changed);
        return changed;
    }

    @Override
    public int retryFailed(int limit) {
        List<StoredEvent> failed = store.findEventsByStatus(EventStatus.FAILED, limit);
        int requeued = 0;
        for (StoredEvent e : failed) {
            if (store.inTransaction(tx -> tx.requeueFailed(e.eventId()))) {
                requeued++;
            }
        }
        if (!engine.keepsForWorkers() && requeued > 0) {
            new PendingEvents(engine, RetryPolicy.ofDefaults()).drain(Math.min(requeued, CATCH_UP_BATCH),
                    WorkerSettings.DEFAULT_LEASE);
        }
        LOG.info("requeued {} failed events", requeued);
        return requeued;
    }

    @Override
    public int sweepStuckCalls(Duration maxAge, int limit) {
        if (maxAge == null || maxAge.compareTo(MIN_SWEEP_AGE) < 0) {
            throw new InvalidInputException("maxAge must be at least " + MIN_SWEEP_AGE + ", was: " + maxAge);
        }
        if (limit < 1) {
            throw new InvalidInputException("limit must be positive, was: " + limit);
        }
        if (engine.spool().depth() > 0) {
            LOG.info("sweep skipped: the spool holds {} webhook(s), which may end the calls it would close", engine.spool().depth());
            return 0;
        }
        Instant cutoff = engine.clock().instant().minus(maxAge);
        int closed = 0;
        for (CallRecord call : store.findOpenCallsUpdatedBefore(cutoff, limit)) {
            if (rewrite(call, Rewrite.CLOSE_IF_OPEN)) {
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("closed {} calls with no final event after {}", closed, maxAge);
        }
        return closed;
    }

    /** What a rewrite does besides recomputing the call from its events. */
    private enum Rewrite {
        /** Only that. */
        RECOMPUTE,
        /**
         * And closes the call as failed ({@value CallMaintenance#NO_FINAL_EVENT}) when it is still open, by
         * storing the sweep's verdict as a fact of the call ({@link SweptFact}).
         */
        CLOSE_IF_OPEN
    }

    private boolean rewrite(CallRecord call, Rewrite mode) {
        return store.inTransaction(tx -> {
            CallRecord before = tx.lockOrCreateCall(call);
            CallRecord after = engine.recorder().recompute(tx, before);
            if (mode == Rewrite.CLOSE_IF_OPEN && !after.isEnded()) {
                // The verdict is stored as a fact of the call, so that it survives reprocessing and late events.
                tx.insertEventIfAbsent(SweptFact.of(before, engine.clock().instant()));
                after = engine.recorder().recompute(tx, before);
            }
            if (after.withTimestamps(null, null).equals(before.withTimestamps(null, null))) {
                return false;
            }
            tx.upsertCall(after);
            engine.recorder().notifyListeners(new CallChange(null, before, after), tx);
            return true;
        });
    }

    @Override
    public int forwardSpool(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit must be positive, was: " + limit);
        }
        return engine.forwardSpool(limit);
    }

    @Override
    public boolean spools() {
        return engine.spool() != Spool.NONE;
    }

    @Override
    public long spooledEvents() {
        return engine.spool().depth();
    }

    @Override
    public Optional<Instant> oldestSpooled() {
        return engine.spool().oldest();
    }
}
