package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.jdbc.RoomCalls.RoomKey;
import dev.calloutcomes.store.CallIdTakenException;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/** One unit of work on a Jdbi {@link Handle} inside a READ COMMITTED transaction. Not thread-safe. */
final class JdbcTransaction implements StoreTransaction {
    private final Handle handle;
    private final Dialect dialect;
    private final Clock clock;
    /** Calls of the rooms looked up in this unit of work; one query serves tenant resolution and call lookup. */
    private final RoomCalls rooms = new RoomCalls();
    /**
     * Calls this unit of work created, with their events while these are known without a query: a call created
     * here holds exactly the events this unit inserted into it or attached to it (another unit must lock the
     * call first, which waits for our commit), and the ones it inserted are known whole.
     */
    private final Map<String, List<StoredEvent>> createdHere = new HashMap<>();
    /** The writes held back since {@link #deferWrites} (PostgreSQL only), or null. */
    private HeldWrites held;

    JdbcTransaction(Handle handle, Dialect dialect, Clock clock) {
        this.handle = handle;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** A statement of its own: what is held back goes first. */
    /** A statement (as {@link CallLogs} and {@link CallEvents} make them), after what is held back is sent. */
    private Update update(String sql) {
        flush();
        return handle.createUpdate(sql);
    }

    /** Sends the writes held back so far, if any. Called before any other statement, and before the commit. */
    void flush() {
        if (held != null) {
            held.flush(handle, dialect);
        }
    }

    @Override
    public void deferWrites() {
        if (dialect == Dialect.POSTGRESQL && held == null) {
            held = new HeldWrites();
        }
    }

    /** Runs an insert that may hit a unique key; false when it did. PostgreSQL uses ON CONFLICT instead. */
    private boolean insertUnlessDuplicate(Update insert) {
        if (dialect == Dialect.POSTGRESQL) {
            return insert.execute() == 1;
        }
        try {
            return insert.execute() == 1;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && dialect.isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean insertEventIfAbsent(StoredEvent e) {
        boolean inserted;
        if (held != null) {
            // Assumed new: a duplicate fails the unit of work when the insert is sent.
            held.insertEvent(e);
            inserted = true;
        } else {
            inserted = insertUnlessDuplicate(Rows.bindEvent(update(CallEvents.insertIgnoringDuplicate(dialect)), e));
        }
        if (inserted) {
            if (e.tenantId() == null && e.status() == EventStatus.FAILED) {
                rooms.forgetOrphanFree();
            }
            List<StoredEvent> known = e.callId() == null ? null : createdHere.get(e.callId());
            if (known != null) {
                // Inserted after the call's other events: the read-back order (by row id) is the order of insertion.
                known.add(e);
            }
        }
        return inserted;
    }

    /** PostgreSQL: one JDBC batch, which pgjdbc sends in one round trip; elsewhere one insert after another. */
    @Override
    public List<Boolean> insertEventsIfAbsent(List<StoredEvent> events) {
        if (dialect != Dialect.POSTGRESQL || events.size() == 1) {
            return StoreTransaction.super.insertEventsIfAbsent(events);
        }
        flush();
        PreparedBatch batch = handle.prepareBatch(CallEvents.insertIgnoringDuplicate(dialect));
        for (StoredEvent e : events) {
            Rows.bindEvent(batch, e).add();
        }
        List<Boolean> inserted = new ArrayList<>(events.size());
        for (int count : batch.execute()) {
            inserted.add(count == 1);
        }
        return inserted;
    }

    @Override
    public List<StoreTransaction.RoomCall> findCallsInRoom(String roomSid, String roomName) {
        return roomCalls(roomSid, roomName).stream()
                .map(c -> new StoreTransaction.RoomCall(c.tenant(), c.id(), c.sid(), c.name(), c.status(), c.ownerEvidence())).toList();
    }

    @Override
    public void moveEvents(String fromTenant, String fromCallId, String toTenant, String toCallId) {
        update(CallEvents.moveToCall(dialect)).bind("to", toTenant).bind("toCall", toCallId).bind("fromCall", fromCallId)
                .bind("from", fromTenant).execute();
        createdHere.remove(fromCallId);
        createdHere.remove(toCallId);
        rooms.emptied(fromCallId);
    }

    @Override
    public void transferCall(String fromTenant, String callId, String toTenant) {
        if (update(CallLogs.transfer(dialect)).bind("to", toTenant).bind("id", callId).bind("from", fromTenant).execute() == 0) {
            return;
        }
        update(CallEvents.transfer(dialect)).bind("to", toTenant).bind("id", callId).bind("from", fromTenant).execute();
        // The events this unit knows of a call it created name the old tenant: read them back from now on.
        createdHere.remove(callId);
        rooms.transferred(callId, toTenant);
    }

    @Override
    public long countRegistrations(String tenantId) {
        flush();
        return handle.createQuery(CallLogs.countInStatus(dialect)).bind("tenant", tenantId)
                .bind("status", CallStatus.REGISTERED.wireName()).mapTo(Long.class).one();
    }

    @Override
    public void deleteCall(String tenantId, String callId) {
        update(CallLogs.delete(dialect)).bind("id", callId).bind("tenant", tenantId).execute();
        createdHere.remove(callId);
        rooms.deleted(callId);
    }

    @Override
    public Optional<String> findCallIdByRoom(String tenantId, String roomSid, String roomName) {
        return pick(roomCalls(roomSid, roomName), tenantId, roomSid, roomName).map(RoomCalls.RoomCall::id);
    }

    /** {@code tenantId}'s call in the room instance, by {@link StoreTransaction#inRoomInstance}. */
    private static Optional<RoomCalls.RoomCall> pick(List<RoomCalls.RoomCall> calls, String tenantId, String roomSid, String roomName) {
        List<RoomCalls.RoomCall> tenants = calls.stream().filter(c -> tenantId.equals(c.tenant())).toList();
        return StoreTransaction.inRoomInstance(tenants, RoomCalls.RoomCall::sid, RoomCalls.RoomCall::name, roomSid, roomName)
                .stream().findFirst();
    }

    private List<RoomCalls.RoomCall> roomCalls(String roomSid, String roomName) {
        if (roomSid == null && roomName == null) {
            return List.of();
        }
        RoomKey key = new RoomKey(roomSid, roomName);
        if (rooms.cached(key) == null) {
            flush();
            rooms.load(handle, dialect, List.of(key));
        }
        return rooms.cached(key);
    }

    @Override
    public void prefetchRooms(List<StoredEvent> events) {
        Set<RoomKey> keys = new LinkedHashSet<>();
        for (StoredEvent e : events) {
            RoomKey key = new RoomKey(e.roomSid(), e.roomName());
            if ((key.sid() != null || key.name() != null) && rooms.cached(key) == null) {
                keys.add(key);
            }
        }
        if (!keys.isEmpty()) {
            flush();
            rooms.load(handle, dialect, keys);
        }
    }

    @Override
    public CallRecord lockOrCreateCall(CallRecord skeleton) {
        CallRecord ours = held == null ? null : held.heldCall(skeleton.id());
        Optional<CallRecord> locked = ours != null ? Optional.of(ours)
                : rooms.knows(skeleton.id()) ? lock(skeleton.id()) : Optional.empty();
        if (locked.isEmpty()) {
            CallRecord fresh = skeleton.withTimestamps(clock.instant(), clock.instant());
            boolean inserted;
            if (held != null) {
                // Assumed new: a call another unit stores meanwhile fails the unit of work when the insert is sent.
                held.insertCall(fresh);
                inserted = true;
            } else {
                inserted = insertUnlessDuplicate(update(CallLogs.insertIgnoringDuplicate(dialect))
                        .bindMap(CallColumns.params(fresh)));
            }
            // A row this transaction inserted is locked by it until commit; no need to read it back.
            locked = inserted ? Optional.of(fresh) : lock(skeleton.id());
            if (inserted) {
                createdHere.put(fresh.id(), new ArrayList<>());
            }
            locked.ifPresent(c -> rooms.note(roomCall(c)));
        }
        CallRecord call = locked.orElseThrow(() -> new IllegalStateException("call " + skeleton.id() + " vanished while locking"));
        if (!call.tenantId().equals(skeleton.tenantId())) {
            throw new CallIdTakenException(skeleton.id());
        }
        return call;
    }

    private static RoomCalls.RoomCall roomCall(CallRecord c) {
        return new RoomCalls.RoomCall(c.id(), c.tenantId(), c.room().sid(), c.room().name(), c.status(), c.ownership().evidence());
    }

    private Optional<CallRecord> lock(String id) {
        flush();
        return handle.createQuery(CallLogs.lock(dialect))
                .bind("id", id).map((rs, ctx) -> CallColumns.read(rs)).findFirst();
    }

    @Override
    public void attachOrphans(String tenantId, String callId, String roomSid, String roomName) {
        if (!rooms.isOrphanFree(new RoomKey(roomSid, roomName))) {
            attach(tenantId, callId, Optional.empty(), roomSid, roomName);
        }
    }

    /** Attaches the room's orphans, and {@code event} when present, in as few statements as the dialect allows. */
    private void attach(String tenantId, String callId, Optional<String> event, String roomSid, String roomName) {
        boolean withEvent = event.isPresent();
        String eventId = event.orElse(null);
        int attached = 0;
        if (roomName != null && roomSid != null && dialect == Dialect.POSTGRESQL) {
            // PostgreSQL combines the two room indexes (a bitmap OR): one statement for both keys and the event.
            Update attach = update(CallEvents.attachInRoomByBothKeys(dialect, withEvent)).bind("tenant", tenantId)
                    .bind("callId", callId).bind("name", roomName).bind("sid", roomSid).bind("processedAt", now());
            attached = (withEvent ? attach.bind("event", eventId) : attach).execute();
        } else {
            // One indexed statement per room key, not an OR across keys: H2 would scan the table. The event itself
            // rides along with the first key (it names the room).
            boolean eventPending = withEvent;
            for (Map.Entry<String, String> key : roomKeys(roomName, roomSid)) {
                boolean byNameWithSid = roomSid != null && "roomName".equals(key.getKey());
                Update attach = update(byNameWithSid ? CallEvents.attachSidlessInRoomNamed(dialect, eventPending)
                        : CallEvents.attachInRoom(dialect, key.getKey(), eventPending)).bind("tenant", tenantId)
                        .bind("callId", callId).bind("key", key.getValue()).bind("processedAt", now());
                attached += (eventPending ? attach.bind("event", eventId) : attach).execute();
                eventPending = false;
            }
            if (eventPending) {
                attached += update(CallEvents.attachOne(dialect)).bind("tenant", tenantId).bind("callId", callId).bind("processedAt", now())
                        .bind("event", eventId).execute();
            }
        }
        if (attached > 0) {
            // Rows attached by an update are not known here without reading them back.
            createdHere.remove(callId);
        }
    }

    /**
     * A claimed event of a room known to have no orphans: while writes are held back, its attach is held too,
     * and a call created here knows it without reading it back.
     */
    @Override
    public void attachEvent(String tenantId, String callId, StoredEvent event) {
        if (held == null || !rooms.isOrphanFree(new RoomKey(event.roomSid(), event.roomName()))) {
            attach(tenantId, callId, Optional.of(event.eventId()), event.roomSid(), event.roomName());
            return;
        }
        held.attachEvent(tenantId, callId, event.eventId(), now());
        List<StoredEvent> known = createdHere.get(callId);
        if (known != null) {
            known.add(event.withCall(tenantId, callId).withStatus(EventStatus.PROCESSED, null));
        }
    }

    /** The room's keys that are known, as column and value: name first, then sid. */
    private static List<Map.Entry<String, String>> roomKeys(String roomName, String roomSid) {
        List<Map.Entry<String, String>> keys = new ArrayList<>(2);
        if (roomName != null) {
            keys.add(Map.entry("roomName", roomName));
        }
        if (roomSid != null) {
            keys.add(Map.entry("roomSid", roomSid));
        }
        return keys;
    }

    @Override
    public List<StoredEvent> loadCallEvents(String tenantId, String callId) {
        List<StoredEvent> known = createdHere.get(callId);
        if (known != null) {
            return known.stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }
        flush();
        return JdbcOutcomeStore.callEvents(handle, dialect, tenantId, callId);
    }

    @Override
    public void upsertCall(CallRecord call) {
        CallRecord stamped = call.withTimestamps(call.createdAt() != null ? call.createdAt() : clock.instant(), clock.instant());
        rooms.note(roomCall(stamped));
        if (held != null) {
            held.writeCall(stamped);
            return;
        }
        if (update(CallLogs.update(dialect)).bindMap(CallColumns.params(stamped)).execute() == 0) {
            update(CallLogs.insert(dialect)).bindMap(CallColumns.params(stamped)).execute();
        }
    }

    /** Now, as a bind parameter (the earlier module's processedAt). */
    private LocalDateTime now() {
        return Rows.ts(clock.instant());
    }

    @Override
    public void markEvent(String eventId, EventStatus status, String error) {
        rooms.forgetOrphanFree();
        update(CallEvents.mark(dialect))
                .bind("status", status.wireName()).bind("error", Rows.truncate(error)).bind("id", eventId)
                .bind("processed", status == EventStatus.PROCESSED ? 1 : 0)
                .bind("processedAt", status == EventStatus.PROCESSED ? now() : null).execute();
    }

    @Override
    public void scheduleRetry(String eventId, String error, Instant retryAt) {
        update(CallEvents.scheduleRetry(dialect))
                .bind("error", Rows.truncate(error)).bind("at", Rows.ts(retryAt)).bind("id", eventId).execute();
    }

    @Override
    public void deleteEvent(String eventId) {
        flush();
        update(CallEvents.deleteById(dialect)).bind("id", eventId).execute();
    }

    @Override
    public boolean requeueFailed(String eventId) {
        return update(CallEvents.requeueFailed(dialect)).bind("id", eventId).execute() == 1;
    }

    @Override
    public <H> Optional<H> unwrap(Class<H> type) {
        // The caller's statements may need ours (a host table referring to a call, say).
        flush();
        if (type.isInstance(handle)) {
            return Optional.of(type.cast(handle));
        }
        if (type == Connection.class) {
            return Optional.of(type.cast(handle.getConnection()));
        }
        return Optional.empty();
    }
}
