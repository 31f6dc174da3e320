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
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
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
        Tx tx = new Tx();
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
    public List<StoredEvent> findEventsByStatus(EventStatus status, int limit) {
        return read(() -> events.values().stream().filter(e -> e.status() == status).limit(limit).toList());
    }

    @Override
    public List<StoredEvent> findCallEvents(String tenantId, String callId) {
        return read(() -> callEvents(tenantId, callId));
    }

    private List<StoredEvent> callEvents(String tenantId, String callId) {
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
            Tx t = (Tx) tx;
            int before = calls.size();
            List.copyOf(calls.values()).stream().filter(c -> c.tenantId().equals(tenantId)).forEach(c -> t.putCall(c.id(), null));
            List.copyOf(events.values()).stream().filter(e -> tenantId.equals(e.tenantId())).forEach(e -> {
                t.putEvent(e.eventId(), null);
                availableAt.remove(e.eventId());
            });
            return before - calls.size();
        });
    }

    private final class Tx implements StoreTransaction {
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private boolean open = true;

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
            for (StoredEvent e : callEvents(fromTenant, fromCallId)) {
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
            for (StoredEvent e : callEvents(fromTenant, callId)) {
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
            return callEvents(tenantId, callId);
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
    }
}
