package dev.calloutcomes.servlet;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.store.StoredEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A hand-written stub: a real store that can be switched "down" to raise StoreUnavailableException. */
final class FlakyStore implements OutcomeStore {
    private final OutcomeStore delegate;
    volatile boolean down;

    FlakyStore(OutcomeStore delegate) {
        this.delegate = delegate;
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableException("database unavailable (test outage)", null);
        }
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        check();
        return delegate.inTransaction(work);
    }

    @Override
    public Optional<CallRecord> findCall(String tenantId, String callId) {
        check();
        return delegate.findCall(tenantId, callId);
    }

    @Override
    public Optional<CallRecord> findCallByRoom(String tenantId, String roomSid, String roomName) {
        check();
        return delegate.findCallByRoom(tenantId, roomSid, roomName);
    }

    @Override
    public CallPage queryCalls(CallQuery query) {
        check();
        return delegate.queryCalls(query);
    }

    @Override
    public OutcomeStats stats(StatsQuery query) {
        check();
        return delegate.stats(query);
    }

    @Override
    public Optional<StoredEvent> findEvent(String eventId) {
        return delegate.findEvent(eventId);
    }

    @Override
    public List<StoredEvent> findEventsByStatus(EventStatus status, int limit) {
        return delegate.findEventsByStatus(status, limit);
    }

    @Override
    public List<StoredEvent> findCallEvents(String tenantId, String callId) {
        return delegate.findCallEvents(tenantId, callId);
    }

    @Override
    public List<StoredEvent> claimPendingEvents(int limit, java.time.Instant now, java.time.Instant leaseUntil) {
        check();
        return delegate.claimPendingEvents(limit, now, leaseUntil);
    }

    @Override
    public void releaseClaim(String eventId) {
        delegate.releaseClaim(eventId);
    }

    @Override
    public List<CallRecord> findOpenCallsUpdatedBefore(java.time.Instant cutoff, int limit) {
        check();
        return delegate.findOpenCallsUpdatedBefore(cutoff, limit);
    }

    @Override
    public int deleteTenant(String tenantId) {
        return delegate.deleteTenant(tenantId);
    }

    @Override
    public void checkAvailable() {
        check();
    }
}
