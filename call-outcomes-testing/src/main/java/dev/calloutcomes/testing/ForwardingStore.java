package dev.calloutcomes.testing;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store that forwards every call to a real one, for test stores that observe or disturb it.
 * {@link #before()} runs before each forwarded call; override it, or single methods.
 */
public abstract class ForwardingStore implements OutcomeStore {
    protected final OutcomeStore delegate;

    protected ForwardingStore(OutcomeStore delegate) {
        this.delegate = delegate;
    }

    /** Runs before each forwarded call; does nothing by default. */
    protected void before() {
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        before();
        return delegate.inTransaction(work);
    }

    @Override
    public Optional<CallRecord> findCall(String tenantId, String callId) {
        before();
        return delegate.findCall(tenantId, callId);
    }

    @Override
    public Optional<CallRecord> findCallByRoom(String tenantId, String roomSid, String roomName) {
        before();
        return delegate.findCallByRoom(tenantId, roomSid, roomName);
    }

    @Override
    public CallPage queryCalls(CallQuery query) {
        before();
        return delegate.queryCalls(query);
    }

    @Override
    public OutcomeStats stats(StatsQuery query) {
        before();
        return delegate.stats(query);
    }

    @Override
    public Optional<StoredEvent> findEvent(String eventId) {
        before();
        return delegate.findEvent(eventId);
    }

    @Override
    public List<StoredEvent> findEventsByStatus(EventStatus status, int limit) {
        before();
        return delegate.findEventsByStatus(status, limit);
    }

    @Override
    public long countEventsByStatus(EventStatus status) {
        before();
        return delegate.countEventsByStatus(status);
    }

    @Override
    public List<StoredEvent> findCallEvents(String tenantId, String callId) {
        before();
        return delegate.findCallEvents(tenantId, callId);
    }

    @Override
    public List<StoredEvent> claimPendingEvents(int limit, Instant now, Instant leaseUntil) {
        before();
        return delegate.claimPendingEvents(limit, now, leaseUntil);
    }

    @Override
    public void releaseClaim(String eventId) {
        before();
        delegate.releaseClaim(eventId);
    }

    @Override
    public List<CallRecord> findOpenCallsUpdatedBefore(Instant cutoff, int limit) {
        before();
        return delegate.findOpenCallsUpdatedBefore(cutoff, limit);
    }

    @Override
    public int deleteTenant(String tenantId) {
        before();
        return delegate.deleteTenant(tenantId);
    }

    @Override
    public void checkAvailable() {
        before();
        delegate.checkAvailable();
    }
}
