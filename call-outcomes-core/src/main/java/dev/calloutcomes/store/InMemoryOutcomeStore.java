package dev.calloutcomes.store;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.internal.Pages;
import dev.calloutcomes.internal.StatsAccumulator;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The in-memory {@link OutcomeStore}: one lock serializes units of work, an undo log rolls them back.
 * Thread-safe.
 */
final class InMemoryOutcomeStore implements OutcomeStore {
    private static final Comparator<CallRecord> NEWEST_FIRST =
            Comparator.comparing(CallRecord::createdAt).thenComparing(CallRecord::id).reversed();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, StoredEvent> events = new LinkedHashMap<>();
    private final Map<String, CallRecord> calls = new LinkedHashMap<>();
    /** When each pending event becomes claimable (absent: now). */
    private final Map<String, Instant> availableAt = new HashMap<>();
    private final Clock clock;

    InMemoryOutcomeStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        lock.lock();
        InMemoryTransaction tx = new InMemoryTransaction(events, calls, availableAt, clock);
        try {
            T result = work.apply(tx);
            tx.undo.clear();
            return result;
        } catch (RuntimeException | Error e) {
            tx.rollback();
            throw e;
        } finally {
            tx.open = false;
            lock.unlock();
        }
    }

    private <T> T read(Supplier<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<CallRecord> findCall(String tenantId, String callId) {
        return read(() -> Optional.ofNullable(calls.get(callId)).filter(c -> c.tenantId().equals(tenantId)));
    }

    @Override
    public Optional<CallRecord> findCallByRoom(String tenantId, String roomSid, String roomName) {
        return read(() -> byRoom(c -> c.tenantId().equals(tenantId), roomSid, roomName));
    }

    private Optional<CallRecord> byRoom(Predicate<CallRecord> scope, String roomSid, String roomName) {
        if (roomSid != null) {
            Optional<CallRecord> bySid = calls.values().stream().filter(scope).filter(c -> roomSid.equals(c.room().sid())).findFirst();
            if (bySid.isPresent()) {
                return bySid;
            }
        }
        return roomName == null ? Optional.empty()
                : calls.values().stream().filter(scope).filter(c -> roomName.equals(c.room().name())).findFirst();
    }

    @Override
    public CallPage queryCalls(CallQuery q) {
        return read(() -> Pages.fromFetched(calls.values().stream()
                .filter(c -> c.tenantId().equals(q.tenantId()))
                .filter(c -> q.outcome() == null || q.outcome() == c.verdict().outcome())
                .filter(c -> q.disposition() == null || q.disposition() == c.verdict().disposition())
                .filter(c -> q.agent() == null || q.agent().equals(c.parties().agent()))
                .filter(c -> q.status() == null || q.status() == c.status())
                .filter(c -> q.direction() == null || q.direction().equals(c.parties().direction()))
                .filter(c -> q.campaignId() == null || q.campaignId().equals(c.attribution().campaignId()))
                .filter(c -> q.phoneNumber() == null || q.phoneNumber().equals(c.parties().phoneNumber()))
                .filter(c -> q.roomName() == null || q.roomName().equals(c.room().name()))
                .filter(c -> q.from() == null || !c.createdAt().isBefore(q.from()))
                .filter(c -> q.to() == null || c.createdAt().isBefore(q.to()))
                .filter(c -> q.after() == null || NEWEST_FIRST.compare(c, cursorProbe(q.after())) > 0)
                .sorted(NEWEST_FIRST).limit(q.limit() + 1L).toList(), q.limit()));
    }

    private static CallRecord cursorProbe(CallQuery.Cursor cursor) {
        return CallRecord.skeleton(cursor.id(), "", null, null, cursor.createdAt());
    }

    @Override
    public OutcomeStats stats(StatsQuery q) {
        return read(() -> {
            StatsAccumulator acc = new StatsAccumulator(q.groupBy());
            acc.addAll(calls.values().stream().filter(c -> c.tenantId().equals(q.tenantId()))
                    .filter(c -> !c.createdAt().isBefore(q.from()) && c.createdAt().isBefore(q.to()))
                    .filter(c -> q.includeSimulated() || !c.parties().simulated())
                    .filter(c -> q.campaignId() == null || q.campaignId().equals(c.attribution().campaignId()))
                    .filter(c -> q.agent() == null || q.agent().equals(c.parties().agent()))
                    .filter(c -> q.direction() == null || q.direction() == c.parties().direction()).toList());
            return acc.build();
        });
    }

    @Override
    public Optional<StoredEvent> findEvent(String eventId) {
        return read(() -> Optional.ofNullable(events.get(eventId)));
    }

    @Override
    public long countEventsByStatus(EventStatus status) {
        return read(() -> events.values().stream().filter(e -> e.status() == status).count());
    }

    @Override
    public List<StoredEvent> findEventsByStatus(EventStatus status, int limit) {
        return read(() -> events.values().stream().filter(e -> e.status() == status).limit(limit).toList());
    }

    @Override
    public List<StoredEvent> findCallEvents(String tenantId, String callId) {
        return read(() -> callEvents(tenantId, callId));
    }

    private List<StoredEvent> callEvents(String tenantId, String callId) {
        return callEvents(events, tenantId, callId);
    }

    /** The events of {@code events} that belong to {@code tenantId}'s call {@code callId}, in the order stored. */
    static List<StoredEvent> callEvents(Map<String, StoredEvent> events, String tenantId, String callId) {
        return events.values().stream().filter(e -> tenantId.equals(e.tenantId()) && callId.equals(e.callId())).toList();
    }

    @Override
    public List<StoredEvent> claimPendingEvents(int limit, Instant now, Instant leaseUntil) {
        return read(() -> {
            List<StoredEvent> due = events.values().stream().filter(e -> e.status() == EventStatus.PENDING)
                    .filter(e -> !availableAt.getOrDefault(e.eventId(), now).isAfter(now)).limit(limit).toList();
            due.forEach(e -> availableAt.put(e.eventId(), leaseUntil));
            return due;
        });
    }

    @Override
    public void releaseClaim(String eventId) {
        read(() -> availableAt.remove(eventId));
    }

    @Override
    public List<CallRecord> findOpenCallsUpdatedBefore(Instant cutoff, int limit) {
        return read(() -> calls.values().stream().filter(c -> c.status() != CallStatus.ENDED && c.status() != CallStatus.REGISTERED)
                .filter(c -> c.updatedAt().isBefore(cutoff)).limit(limit).toList());
    }

    @Override
    public int deleteTenant(String tenantId) {
        return inTransaction(tx -> {
            InMemoryTransaction t = (InMemoryTransaction) tx;
            int before = calls.size();
            List.copyOf(calls.values()).stream().filter(c -> c.tenantId().equals(tenantId)).forEach(c -> t.putCall(c.id(), null));
            List.copyOf(events.values()).stream().filter(e -> tenantId.equals(e.tenantId())).forEach(e -> {
                t.putEvent(e.eventId(), null);
                availableAt.remove(e.eventId());
            });
            return before - calls.size();
        });
    }

}
