package dev.calloutcomes.internal.engine;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.MalformedEventException;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How pending events are claimed and applied, and failures retried or kept as failed: the work of
 * one worker turn, shared by the workers' threads and by maintenance's catch-up in synchronous mode.
 * Thread-safe.
 */
final class PendingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PendingEvents.class);

    private final Engine engine;
    private final OutcomeStore store;
    private final RetryPolicy retry;

    PendingEvents(Engine engine, RetryPolicy retry) {
        this.engine = engine;
        this.store = engine.outcomeStore();
        this.retry = retry;
    }

    /** What one claim came to: events handled, and when the newest of the claimed batch was received (null if none was). */
    record Ran(int handled, Instant newestReceived) {
        static final Ran NOTHING = new Ran(0, null);
    }

    /**
     * Claims up to {@code batchSize} due events under {@code lease} and applies them on the calling
     * thread, in one transaction; when that fails, one by one, so that only the failing ones are
     * retried. Claimed ids sit in {@code claimed} while held; those not handled (when {@code stopping}
     * turns true between events) are released.
     */
    Ran claimAndApply(int batchSize, Duration lease, Set<String> claimed, BooleanSupplier stopping) {
        Instant now = engine.clock().instant();
        List<StoredEvent> batch = store.claimPendingEvents(batchSize, now, now.plus(lease));
        Instant newest = batch.stream().map(StoredEvent::receivedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        batch.forEach(e -> claimed.add(e.eventId()));
        int handled = 0;
        try {
            if (batch.size() > 1 && applyTogether(batch)) {
                batch.forEach(e -> claimed.remove(e.eventId()));
                return new Ran(batch.size(), newest);
            }
            for (StoredEvent event : batch) {
                if (stopping.getAsBoolean()) {
                    break;
                }
                applyAlone(event);
                claimed.remove(event.eventId());
                handled++;
            }
        } finally {
            for (StoredEvent event : batch) {
                if (claimed.remove(event.eventId())) {
                    release(event.eventId());
                }
            }
        }
        return new Ran(handled, newest);
    }

    /** Applies due events until none is left, {@code batchSize} at a time; returns how many were handled. */
    int drain(int batchSize, Duration lease) {
        Set<String> claimed = new HashSet<>();
        int total = 0;
        for (int n; (n = claimAndApply(batchSize, lease, claimed, () -> false).handled()) > 0; ) {
            total += n;
        }
        return total;
    }

    /** Applies the batch in one transaction, calls locked in room order; false (nothing applied) when it failed. */
    private boolean applyTogether(List<StoredEvent> batch) {
        List<Map.Entry<LiveKitEvent, StoredEvent>> events = new ArrayList<>(batch.size());
        for (StoredEvent stored : batch) {
            try {
                events.add(Map.entry(engine.parser().parse(stored.payloadBytes()), stored));
            } catch (MalformedEventException e) {
                return false;
            }
        }
        events.sort(Comparator.comparing(e -> Engine.lockOrder(e.getKey())));
        try {
            store.inTransaction(tx -> {
                // A failed batch is applied again one by one: the store may hold its writes back.
                tx.deferWrites();
                tx.prefetchRooms(batch);
                events.forEach(e -> engine.recorder().attribute(tx, e.getKey(), e.getValue()));
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            LOG.debug("a batch of {} events failed together ({}); applying them one by one", batch.size(), e.getClass().getSimpleName());
            return false;
        }
    }

    private void applyAlone(StoredEvent stored) {
        LiveKitEvent event;
        try {
            event = engine.parser().parse(stored.payloadBytes());
        } catch (MalformedEventException e) {
            store.inTransaction(tx -> {
                tx.markEvent(stored.eventId(), EventStatus.FAILED, e.getMessage());
                return null;
            });
            return;
        }
        try {
            store.inTransaction(tx -> engine.recorder().attribute(tx, event, stored));
        } catch (RuntimeException e) {
            failed(stored, e);
        }
    }

    /** Retries a failed event after its backoff, or keeps it as failed when its attempts are spent. */
    private void failed(StoredEvent stored, RuntimeException e) {
        int attempt = stored.attempts() + 1;
        // Bad data (a host's constraint refused the call's row, say) fails the same way every time: kept as failed now.
        // Its message says why; its cause (the driver's, with the statement) stays out of the stored error.
        boolean badData = e instanceof InvalidInputException;
        String error = e.getClass().getSimpleName() + ": " + e.getMessage() + (badData || e.getCause() == null ? ""
                : " (" + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")");
        if (retry.exhausted(attempt) || badData) {
            if (badData) {
                LOG.warn("event {} refused as bad data; kept as failed: {}", Identifiers.forLog(stored.eventId()), Identifiers.forLog(e.getMessage()));
            } else {
                LOG.error("event {} failed {} times; kept as failed", Identifiers.forLog(stored.eventId()), attempt, e);
            }
            store.inTransaction(tx -> {
                tx.markEvent(stored.eventId(), EventStatus.FAILED, error);
                return null;
            });
        } else {
            Duration backoff = retry.backoffAfter(attempt);
            LOG.warn("event {} failed (attempt {}), retrying in {}: {}", Identifiers.forLog(stored.eventId()), attempt, backoff, Identifiers.forLog(error));
            store.inTransaction(tx -> {
                tx.scheduleRetry(stored.eventId(), error, engine.clock().instant().plus(backoff));
                return null;
            });
        }
    }

    /** Gives a claimed event back; when that fails, its lease expires instead. */
    void release(String eventId) {
        try {
            store.releaseClaim(eventId);
        } catch (RuntimeException e) {
            LOG.warn("could not release claimed event {}; its lease will expire", Identifiers.forLog(eventId));
        }
    }
}
