package dev.calloutcomes.store;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A unit of work of the {@link InMemoryOutcomeStore}: writes to the store's maps at once, each with its undo, so that
 * a unit that throws leaves the maps as it found them. Runs under the store's lock; not thread-safe itself.
 */
final class InMemoryTransaction implements StoreTransaction {
    private final Map<String, StoredEvent> events;
    private final Map<String, CallRecord> calls;
    private final Map<String, Instant> availableAt;
    private final Clock clock;

    final Deque<Runnable> undo = new ArrayDeque<>();
    boolean open = true;

    InMemoryTransaction(Map<String, StoredEvent> events, Map<String, CallRecord> calls, Map<String, Instant> availableAt,
                        Clock clock) {
        this.events = events;
        this.calls = calls;
        this.availableAt = availableAt;
        this.clock = clock;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("the unit of work has ended");
        }
    }

    void putEvent(String id, StoredEvent value) {
        StoredEvent old = value == null ? events.remove(id) : events.put(id, value);
        undo.push(() -> {
            if (old == null) {
                events.remove(id);
            } else {
                events.put(id, old);
            }
        });
    }

    void putCall(String id, CallRecord value) {
        CallRecord old = value == null ? calls.remove(id) : calls.put(id, value);
        undo.push(() -> {
            if (old == null) {
                calls.remove(id);
            } else {
                calls.put(id, old);
            }
        });
    }

    void rollback() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }

    @Override
    public boolean insertEventIfAbsent(StoredEvent event) {
        check();
        if (events.containsKey(event.eventId())) {
            return false;
        }
        putEvent(event.eventId(), event);
        return true;
    }

    @Override
    public List<RoomCall> findCallsInRoom(String roomSid, String roomName) {
        check();
        return calls.values().stream().filter(c -> roomSid != null && roomSid.equals(c.room().sid())
                        || roomName != null && roomName.equals(c.room().name()))
                .map(c -> new RoomCall(c.tenantId(), c.id(), c.room().sid(), c.room().name(), c.status(), c.ownership().evidence())).toList();
    }

    @Override
    public void moveEvents(String fromTenant, String fromCallId, String toTenant, String toCallId) {
        check();
        for (StoredEvent e : InMemoryOutcomeStore.callEvents(events, fromTenant, fromCallId)) {
            if (!FACT_EVENT_TYPE.equals(e.eventType())) {
                putEvent(e.eventId(), e.withCall(toTenant, toCallId));
            }
        }
    }

    @Override
    public long countRegistrations(String tenantId) {
        check();
        return calls.values().stream().filter(c -> c.tenantId().equals(tenantId) && c.status() == CallStatus.REGISTERED).count();
    }

    @Override
    public void transferCall(String fromTenant, String callId, String toTenant) {
        check();
        CallRecord call = calls.get(callId);
        if (call == null || !call.tenantId().equals(fromTenant)) {
            return;
        }
        for (StoredEvent e : InMemoryOutcomeStore.callEvents(events, fromTenant, callId)) {
            putEvent(e.eventId(), e.withCall(toTenant, callId));
        }
        putCall(callId, call.withTenant(toTenant));
    }

    @Override
    public void deleteCall(String tenantId, String callId) {
        check();
        CallRecord call = calls.get(callId);
        if (call != null && call.tenantId().equals(tenantId)) {
            putCall(callId, null);
        }
    }

    @Override
    public Optional<String> findCallIdByRoom(String tenantId, String roomSid, String roomName) {
        check();
        List<CallRecord> tenants = calls.values().stream().filter(c -> c.tenantId().equals(tenantId)).toList();
        return StoreTransaction.inRoomInstance(tenants, (CallRecord call) -> call.room().sid(), (CallRecord call) -> call.room().name(), roomSid, roomName)
                .stream().findFirst().map(CallRecord::id);
    }

    @Override
    public CallRecord lockOrCreateCall(CallRecord skeleton) {
        check();
        CallRecord existing = calls.get(skeleton.id());
        if (existing != null) {
            if (!existing.tenantId().equals(skeleton.tenantId())) {
                throw new CallIdTakenException(skeleton.id());
            }
            return existing;
        }
        CallRecord created = skeleton.withTimestamps(clock.instant(), clock.instant());
        putCall(created.id(), created);
        return created;
    }

    @Override
    public void attachOrphans(String tenantId, String callId, String roomSid, String roomName) {
        attach(tenantId, callId, e -> false, roomSid, roomName);
    }

    @Override
    public void attachEvent(String tenantId, String callId, StoredEvent event) {
        attach(tenantId, callId, e -> e.eventId().equals(event.eventId()), event.roomSid(), event.roomName());
    }

    private void attach(String tenantId, String callId, Predicate<StoredEvent> self, String roomSid, String roomName) {
        check();
        for (StoredEvent e : List.copyOf(events.values())) {
            // By name, never another instance's orphans: only those without a sid, when this call's sid is known.
            boolean orphan = e.tenantId() == null && e.eventType() != null && e.status() == EventStatus.FAILED
                    && ((roomSid != null && roomSid.equals(e.roomSid()))
                        || (roomName != null && roomName.equals(e.roomName()) && (roomSid == null || e.roomSid() == null)));
            if (orphan || self.test(e)) {
                putEvent(e.eventId(), e.withCall(tenantId, callId).withStatus(EventStatus.PROCESSED, null));
            }
        }
    }

    @Override
    public List<StoredEvent> loadCallEvents(String tenantId, String callId) {
        check();
        return InMemoryOutcomeStore.callEvents(events, tenantId, callId);
    }

    @Override
    public void upsertCall(CallRecord call) {
        check();
        CallRecord existing = calls.get(call.id());
        if (existing != null && !existing.tenantId().equals(call.tenantId())) {
            throw new CallIdTakenException(call.id());
        }
        putCall(call.id(), call.withTimestamps(existing == null ? clock.instant() : existing.createdAt(), clock.instant()));
    }

    @Override
    public void scheduleRetry(String eventId, String error, Instant retryAt) {
        check();
        StoredEvent e = events.get(eventId);
        if (e != null) {
            Instant before = availableAt.get(eventId);
            putEvent(eventId, e.withStatus(EventStatus.PENDING, error).withAttempts(e.attempts() + 1));
            availableAt.put(eventId, retryAt);
            undo.push(() -> {
                if (before == null) {
                    availableAt.remove(eventId);
                } else {
                    availableAt.put(eventId, before);
                }
            });
        }
    }

    @Override
    public boolean requeueFailed(String eventId) {
        check();
        StoredEvent e = events.get(eventId);
        if (e == null || e.status() != EventStatus.FAILED || e.eventType() == null) {
            return false;
        }
        putEvent(eventId, e.withStatus(EventStatus.PENDING, e.error()).withAttempts(0));
        Instant before = availableAt.remove(eventId);
        if (before != null) {
            undo.push(() -> availableAt.put(eventId, before));
        }
        return true;
    }

    @Override
    public void markEvent(String eventId, EventStatus status, String error) {
        check();
        StoredEvent e = events.get(eventId);
        if (e != null) {
            putEvent(eventId, e.withStatus(status, error).withAttempts(e.attempts() + 1));
        }
    }

    @Override
    public void deleteEvent(String eventId) {
        check();
        if (events.containsKey(eventId)) {
            putEvent(eventId, null);
            Instant at = availableAt.remove(eventId);
            if (at != null) {
                undo.push(() -> availableAt.put(eventId, at));
            }
        }
    }
}
