package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.store.StoredEvent;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes a unit of work holds back ({@link dev.calloutcomes.store.StoreTransaction#deferWrites}) and
 * then sends as JDBC batches, which pgjdbc sends in one round trip each: the calls it created (each
 * inserted once, as it ends up), its new events, its attaches of stored events, and its updates of
 * existing calls. Every held write must touch exactly one row; one that touches none (an insert that met
 * a row stored meanwhile, an update whose row is gone) fails the unit of work. PostgreSQL only: the
 * inserts rely on {@code ON CONFLICT DO NOTHING} to count what met a stored row. Not thread-safe.
 */
final class HeldWrites {
    private final Map<String, CallRecord> callInserts = new LinkedHashMap<>();
    private final List<StoredEvent> eventInserts = new ArrayList<>();
    private final Map<String, CallRecord> callUpdates = new LinkedHashMap<>();
    /** Stored events to attach. */
    private final List<Attach> attaches = new ArrayList<>();

    /** A stored event to attach to a call of a tenant. */
    private record Attach(String eventId, String tenantId, String callId, LocalDateTime processedAt) {
    }

    /** A held write touched no row; the unit of work fails (group commit reruns its units alone, workers apply their events one by one). */
    static final class ConflictException extends RuntimeException {
        ConflictException(String what) {
            super("a held-back write of " + what + " touched no row (another unit of work stored or changed it meanwhile); "
                    + "the unit of work is rolled back");
        }
    }

    /** The call this unit of work created and holds, or null. */
    CallRecord heldCall(String callId) {
        return callInserts.get(callId);
    }

    void insertCall(CallRecord call) {
        callInserts.put(call.id(), call);
    }

    /** Writes {@code call}: folded into its held insert when this unit created it, else held as an update. */
    void writeCall(CallRecord call) {
        if (callInserts.containsKey(call.id())) {
            callInserts.put(call.id(), call);
        } else {
            callUpdates.put(call.id(), call);
        }
    }

    void insertEvent(StoredEvent event) {
        eventInserts.add(event);
    }

    /** Attaches the stored event {@code eventId} to {@code callId} of {@code tenantId}, marking it processed. */
    void attachEvent(String tenantId, String callId, String eventId, LocalDateTime processedAt) {
        attaches.add(new Attach(eventId, tenantId, callId, processedAt));
    }

    /**
     * Sends what is held: calls first (events refer to them), then new events, attaches, and call updates. A new
     * call with exactly one new event (a synchronous webhook's) goes with it in one statement, so that a group
     * of such webhooks sends one batch where it would send two.
     */
    void flush(Handle handle, Dialect dialect) {
        Map<String, Integer> eventsPerNewCall = new LinkedHashMap<>();
        for (StoredEvent e : eventInserts) {
            if (e.callId() != null && callInserts.containsKey(e.callId())) {
                eventsPerNewCall.merge(e.callId(), 1, Integer::sum);
            }
        }
        Predicate<String> paired = callId -> callId != null && eventsPerNewCall.getOrDefault(callId, 0) == 1;
        send(handle, CallEvents.insertWithNewCall(), eventInserts.stream().filter(e -> paired.test(e.callId())).toList(),
                (batch, e) -> Rows.bindEvent(batch.bindMap(CallColumns.params(callInserts.get(e.callId()))), e, "e_"),
                e -> "call " + e.callId() + " with event " + e.eventId());
        send(handle, CallLogs.insertIgnoringDuplicate(dialect),
                callInserts.values().stream().filter(c -> !paired.test(c.id())).toList(),
                (batch, c) -> batch.bindMap(CallColumns.params(c)), c -> "call " + c.id());
        send(handle, CallEvents.insertIgnoringDuplicate(dialect),
                eventInserts.stream().filter(e -> !paired.test(e.callId())).toList(),
                Rows::bindEvent, e -> "event " + e.eventId());
        send(handle, CallEvents.attachOne(dialect), attaches,
                (batch, a) -> batch.bind("event", a.eventId()).bind("tenant", a.tenantId()).bind("callId", a.callId())
                        .bind("processedAt", a.processedAt()),
                a -> "event " + a.eventId());
        send(handle, CallLogs.update(dialect), callUpdates.values(),
                (batch, c) -> batch.bindMap(CallColumns.params(c)), c -> "call " + c.id());
        callInserts.clear();
        eventInserts.clear();
        attaches.clear();
        callUpdates.clear();
    }

    private static <W> void send(Handle handle, String sql, Collection<W> writes, BiConsumer<PreparedBatch, W> bind,
                                 Function<W, String> name) {
        if (writes.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        for (W write : writes) {
            bind.accept(batch, write);
            batch.add();
        }
        int[] counts = batch.execute();
        int i = 0;
        for (W write : writes) {
            if (counts[i++] != 1) {
                throw new ConflictException(name.apply(write));
            }
        }
    }
}
