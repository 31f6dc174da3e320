package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** One unit of work on a Jdbi {@link Handle} inside a READ COMMITTED transaction. Not thread-safe. */
final class JdbcTransaction implements StoreTransaction {
    private final Handle handle;
    private final Dialect dialect;
    private final Clock clock;
    /** Calls of the rooms looked up in this unit of work; one query serves tenant resolution and call lookup. */
    private final java.util.Map<String, List<RoomCall>> rooms = new java.util.HashMap<>();

    /** Events attachable to any call: failed, owned by no tenant, of a known type (the room key is added). */
    private static final String ORPHAN = "\"userId\" IS NULL AND status = 'failed' AND \"eventType\" IS NOT NULL";
    /**
     * Rooms (sid and name) that a lookup in this unit of work found without orphans; forgotten when this unit keeps an
     * event as failed. An orphan committed by another unit meanwhile is adopted later, as it would be after our attach.
     */
    private final java.util.Set<String> orphanFree = new java.util.HashSet<>();
    /**
     * Calls this unit of work created, with their events while these are known without a query: a call created
     * here holds exactly the events this unit inserted into it or attached to it (another unit must lock the
     * call first, which waits for our commit), and the ones it inserted are known whole.
     */
    private final java.util.Map<String, List<StoredEvent>> createdHere = new java.util.HashMap<>();

    /** A call's identity and room, as a room lookup returns it. */
    private record RoomCall(String id, String tenant, String sid, String name) {
    }

    JdbcTransaction(Handle handle, Dialect dialect, Clock clock) {
        this.handle = handle;
        this.dialect = dialect;
        this.clock = clock;
    }

    private Update update(String sql) {
        return handle.createUpdate(dialect.sql(sql));
    }

    /** Runs an insert that may hit a unique key; false when it did. PostgreSQL uses ON CONFLICT instead. */
    private boolean insertUnlessDuplicate(Update insert) {
        if (dialect == Dialect.POSTGRESQL) {
            return insert.execute() == 1;
        }
        try {
            return insert.execute() == 1;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && dialect.isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    private String onConflictDoNothing(String key) {
        return dialect == Dialect.POSTGRESQL ? " ON CONFLICT (\"" + key + "\") DO NOTHING" : "";
    }

    private static final String INSERT_EVENT = "INSERT INTO \"livekit_call_events\" (" + Rows.EVENT_COLUMNS + ") VALUES "
            + "(:eventId, :tenant, :callId, :type, :roomSid, :roomName, :status, :error, :payload, :createdAt, :receivedAt, :attempts)";

    @Override
    public boolean insertEventIfAbsent(StoredEvent e) {
        boolean inserted = insertUnlessDuplicate(bindEvent(update(INSERT_EVENT + onConflictDoNothing("eventId")), e));
        if (inserted) {
            if (e.tenantId() == null && e.status() == EventStatus.FAILED) {
                orphanFree.clear();
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
        org.jdbi.v3.core.statement.PreparedBatch batch = handle.prepareBatch(dialect.sql(INSERT_EVENT + onConflictDoNothing("eventId")));
        for (StoredEvent e : events) {
            bindEvent(batch, e).add();
        }
        List<Boolean> inserted = new java.util.ArrayList<>(events.size());
        for (int count : batch.execute()) {
            inserted.add(count == 1);
        }
        return inserted;
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindEvent(S statement, StoredEvent e) {
        return statement.bind("eventId", e.eventId()).bind("tenant", e.tenantId()).bind("callId", e.callId())
                .bind("type", e.eventType()).bind("roomSid", e.roomSid()).bind("roomName", e.roomName())
                .bind("status", e.status().wireName()).bind("error", truncate(e.error()))
                .bind("payload", e.payload()).bind("createdAt", Rows.ts(e.createdAt()))
                .bind("receivedAt", Rows.ts(e.receivedAt())).bind("attempts", e.attempts());
    }

    static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000) + "...";
    }

    @Override
    public Optional<String> findRoomOwner(String roomSid, String roomName) {
        return pick(roomCalls(roomSid, roomName), null, roomSid, roomName).map(RoomCall::tenant);
    }

    @Override
    public Optional<String> findCallIdByRoom(String tenantId, String roomSid, String roomName) {
        return pick(roomCalls(roomSid, roomName), tenantId, roomSid, roomName).map(RoomCall::id);
    }

    /** The call with this room sid, else the one with this name (of {@code tenantId}, when given). */
    private static Optional<RoomCall> pick(List<RoomCall> calls, String tenantId, String roomSid, String roomName) {
        Optional<RoomCall> bySid = calls.stream().filter(c -> tenantId == null || tenantId.equals(c.tenant()))
                .filter(c -> roomSid != null && roomSid.equals(c.sid())).findFirst();
        return bySid.isPresent() ? bySid : calls.stream().filter(c -> tenantId == null || tenantId.equals(c.tenant()))
                .filter(c -> roomName != null && roomName.equals(c.name())).findFirst();
    }

    private List<RoomCall> roomCalls(String roomSid, String roomName) {
        if (roomSid == null && roomName == null) {
            return List.of();
        }
        String room = roomSid + "\u0000" + roomName;
        List<RoomCall> cached = rooms.get(room);
        if (cached != null) {
            return cached;
        }
        // UNION ALL, not OR: each branch uses its own index on every database (H2 scans the table for an OR). The
        // same statement asks whether the room has orphans (unattributed failed events), so that attaching them
        // costs a statement only when there are some.
        String calls = "SELECT id, \"userId\", \"livekitRoomSid\", \"roomName\", 'c' FROM \"call_logs\" WHERE ";
        String orphans = "SELECT \"eventId\", NULL, NULL, NULL, 'o' FROM (SELECT \"eventId\" FROM \"livekit_call_events\" WHERE "
                + ORPHAN + " AND ";
        List<String> branches = new java.util.ArrayList<>();
        if (roomSid != null) {
            branches.add(calls + "\"livekitRoomSid\" = :sid");
            branches.add(orphans + "\"livekitRoomSid\" = :sid LIMIT 1) os");
        }
        if (roomName != null) {
            branches.add(calls + "\"roomName\" = :name");
            branches.add(orphans + "\"roomName\" = :name LIMIT 1) orn");
        }
        List<RoomCall> found = new java.util.ArrayList<>();
        boolean anyOrphan = false;
        for (RoomCall row : handle.createQuery(dialect.sql(String.join(" UNION ALL ", branches)))
                .bind("sid", roomSid).bind("name", roomName).map((rs, ctx) -> "o".equals(rs.getString(5)) ? null
                        : new RoomCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list()) {
            if (row == null) {
                anyOrphan = true;
            } else {
                found.add(row);
            }
        }
        if (anyOrphan) {
            orphanFree.remove(room);
        } else {
            orphanFree.add(room);
        }
        rooms.put(room, found);
        return found;
    }

    @Override
    public CallRecord lockOrCreateCall(CallRecord skeleton) {
        boolean known = rooms.values().stream().flatMap(List::stream).anyMatch(c -> c.id().equals(skeleton.id()));
        Optional<CallRecord> locked = known ? lock(skeleton.id()) : Optional.empty();
        if (locked.isEmpty()) {
            CallRecord fresh = skeleton.withTimestamps(clock.instant(), clock.instant());
            boolean inserted = insertUnlessDuplicate(update("INSERT INTO \"call_logs\" (id, \"userId\", status, \"livekitRoomSid\", "
                    + "\"roomName\", \"createdAt\", \"updatedAt\") VALUES (:id, :tenant, :status, :roomSid, :roomName, :createdAt, :updatedAt)"
                    + onConflictDoNothing("id"))
                    .bindMap(Rows.callParams(fresh)));
            rooms.clear();
            // A row this transaction inserted is locked by it until commit; no need to read it back.
            locked = inserted ? Optional.of(fresh) : lock(skeleton.id());
            if (inserted) {
                createdHere.put(fresh.id(), new java.util.ArrayList<>());
            }
        }
        CallRecord call = locked.orElseThrow(() -> new IllegalStateException("call " + skeleton.id() + " vanished while locking"));
        if (!call.tenantId().equals(skeleton.tenantId())) {
            throw new IllegalStateException("call id " + skeleton.id() + " belongs to another tenant");
        }
        return call;
    }

    private Optional<CallRecord> lock(String id) {
        return handle.createQuery(dialect.sql("SELECT " + Rows.CALL_COLUMNS + " FROM \"call_logs\" c WHERE c.id = :id FOR UPDATE"))
                .bind("id", id).map((rs, ctx) -> Rows.call(rs)).findFirst();
    }

    @Override
    public void attachEvents(String tenantId, String callId, String eventId, String roomSid, String roomName) {
        String set = "UPDATE \"livekit_call_events\" SET \"userId\" = :tenant, \"callLogId\" = :callId, status = 'processed', "
                + "error = NULL WHERE ";
        String orphans = "(" + ORPHAN + ")";
        String events = eventId != null ? "(\"eventId\" = :event OR " + orphans + ")" : orphans;
        if (eventId == null && orphanFree.contains(roomSid + "\u0000" + roomName)) {
            return;
        }
        int attached = 0;
        if (roomName != null && roomSid != null && dialect == Dialect.POSTGRESQL) {
            // PostgreSQL combines the two room indexes (a bitmap OR): one statement for both keys and the event.
            attached = withEvent(update(set + "(\"roomName\" = :name OR \"livekitRoomSid\" = :sid) AND " + events), eventId)
                    .bind("tenant", tenantId).bind("callId", callId).bind("name", roomName).bind("sid", roomSid).execute();
        } else {
            // One indexed statement per room key, not an OR across keys: H2 would scan the table. The event itself
            // rides along with the first key (it names the room).
            boolean eventPending = eventId != null;
            for (String[] key : new String[][] {{"roomName", roomName}, {"livekitRoomSid", roomSid}}) {
                if (key[1] != null) {
                    attached += withEvent(update(set + "\"" + key[0] + "\" = :key AND " + (eventPending ? events : orphans)),
                            eventPending ? eventId : null).bind("tenant", tenantId).bind("callId", callId).bind("key", key[1]).execute();
                    eventPending = false;
                }
            }
            if (eventPending) {
                attached += update(set + "\"eventId\" = :event").bind("tenant", tenantId).bind("callId", callId)
                        .bind("event", eventId).execute();
            }
        }
        if (attached > 0) {
            // Rows attached by an update are not known here without reading them back.
            createdHere.remove(callId);
        }
    }

    private static Update withEvent(Update update, String eventId) {
        return eventId != null ? update.bind("event", eventId) : update;
    }

    @Override
    public List<StoredEvent> loadCallEvents(String tenantId, String callId) {
        List<StoredEvent> known = createdHere.get(callId);
        return known != null ? known.stream().filter(e -> e.tenantId().equals(tenantId)).toList()
                : JdbcOutcomeStore.callEvents(handle, dialect, tenantId, callId);
    }

    @Override
    public void upsertCall(CallRecord call) {
        rooms.clear();
        CallRecord stamped = call.withTimestamps(call.createdAt() != null ? call.createdAt() : clock.instant(), clock.instant());
        int updated = update("UPDATE \"call_logs\" SET status = :status, outcome = :outcome, reason = :reason, "
                + "direction = :direction, \"phoneNumber\" = :phone, \"campaignId\" = :campaign, \"leadId\" = :lead, "
                + "\"sipCallId\" = :sipCallId, \"trunkNumber\" = :trunk, \"livekitRoomSid\" = :roomSid, \"roomName\" = :roomName, "
                + "\"startedAt\" = :startedAt, \"endedAt\" = :endedAt, duration = :duration, \"recordingUrl\" = :recordingUrl, "
                + "metadata = " + dialect.json("metadata") + ", registration = :registration, \"updatedAt\" = :updatedAt "
                + "WHERE id = :id AND " + Dialect.tenantCheck("\"userId\"", "tenant")).bindMap(Rows.callParams(stamped)).execute();
        if (updated == 0) {
            update("INSERT INTO \"call_logs\" (id, \"userId\", status, outcome, reason, direction, \"phoneNumber\", \"campaignId\", "
                    + "\"leadId\", \"sipCallId\", \"trunkNumber\", \"livekitRoomSid\", \"roomName\", \"startedAt\", \"endedAt\", duration, "
                    + "\"recordingUrl\", metadata, registration, \"createdAt\", \"updatedAt\") VALUES (:id, :tenant, :status, :outcome, "
                    + ":reason, :direction, :phone, :campaign, :lead, :sipCallId, :trunk, :roomSid, :roomName, :startedAt, :endedAt, "
                    + ":duration, :recordingUrl, " + dialect.json("metadata") + ", :registration, :createdAt, :updatedAt)")
                    .bindMap(Rows.callParams(stamped)).execute();
        }
    }

    @Override
    public void markEvent(String eventId, EventStatus status, String error) {
        orphanFree.clear();
        update("UPDATE \"livekit_call_events\" SET status = :status, error = :error, attempts = attempts + 1 WHERE \"eventId\" = :id")
                .bind("status", status.wireName()).bind("error", truncate(error)).bind("id", eventId).execute();
    }

    @Override
    public void scheduleRetry(String eventId, String error, java.time.Instant retryAt) {
        update("UPDATE \"livekit_call_events\" SET status = 'pending', error = :error, attempts = attempts + 1, "
                + "\"availableAt\" = :at WHERE \"eventId\" = :id")
                .bind("error", truncate(error)).bind("at", Rows.ts(retryAt)).bind("id", eventId).execute();
    }

    @Override
    public boolean requeueFailed(String eventId) {
        return update("UPDATE \"livekit_call_events\" SET status = 'pending', attempts = 0, \"availableAt\" = NULL "
                + "WHERE \"eventId\" = :id AND status = 'failed' AND \"eventType\" IS NOT NULL").bind("id", eventId).execute() == 1;
    }

    @Override
    public <H> Optional<H> unwrap(Class<H> type) {
        if (type.isInstance(handle)) {
            return Optional.of(type.cast(handle));
        }
        if (type == java.sql.Connection.class) {
            return Optional.of(type.cast(handle.getConnection()));
        }
        return Optional.empty();
    }
}
