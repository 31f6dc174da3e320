package dev.calloutcomes.store;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.call.OutcomeListener.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operations available inside one unit of work (a listener sees only its {@link UnitOfWork} side). Valid only during
 * {@link OutcomeStore#inTransaction}; not thread-safe.
 */
public interface StoreTransaction extends UnitOfWork {
    /** The {@link StoredEvent#eventType()} of a fact the host reported: {@link #moveEvents} leaves these where they are. */
    String FACT_EVENT_TYPE = "call_outcomes_fact";

    /** Stores {@code event} unless an event with its id exists; true when it was stored now. */
    boolean insertEventIfAbsent(StoredEvent event);

    /**
     * Stores each of {@code events} unless an event with its id exists (stored before, or earlier in
     * the list); element {@code i} of the answer says whether {@code events.get(i)} was stored now.
     * Used by group commit; a store may override it to send the inserts in one round trip.
     */
    default List<Boolean> insertEventsIfAbsent(List<StoredEvent> events) {
        List<Boolean> inserted = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            inserted.add(insertEventIfAbsent(event));
        }
        return inserted;
    }

    /**
     * A hint that this unit of work will look up the calls in the rooms of {@code events}
     * ({@link #findRoomOwner}, {@link #findCallIdByRoom}): a store may fetch them all now, in one
     * round trip. The answers of the lookups must be the same as without the hint. Used by group commit.
     */
    default void prefetchRooms(List<StoredEvent> events) {
    }

    /**
     * Lets the store hold this unit of work's writes back and send them together: before a statement
     * that needs them, and at the latest before the commit. A held-back insert that then meets a row
     * stored meanwhile (an event id, a call id) fails the whole unit of work, instead of answering
     * {@code false}; so call this only where a failed unit of work is run again without it, as group
     * commit does. Stores that cannot hold writes back ignore it.
     */
    default void deferWrites() {
    }

    /**
     * A call in a room, as {@link #findRoomCalls} lists it: {@code roomSid} null while no room instance has bound it;
     * {@code ownerEvidence} as last stored (null for a call created in this unit of work and not yet written).
     */
    record RoomCall(String tenantId, String callId, String roomSid, String roomName, CallStatus status, OwnerEvidence ownerEvidence) {
        /** False for a registration alone (with or without the host's facts: only LiveKit's events count). */
        public boolean holdsEvents() {
            return status != CallStatus.REGISTERED;
        }

        /**
         * Whether the call holds events that a signing key mapped to a tenant signed: such a call belongs to that
         * key's LiveKit project, and no event through another key (or through none) may touch it, nor it them.
         */
        public boolean throughMappedKey() {
            return ownerEvidence == OwnerEvidence.API_KEY;
        }
    }

    /**
     * Every tenant's calls whose room sid is {@code roomSid} or whose room name is {@code roomName} (either may be
     * null), whatever instance bound them: the engine picks a room instance's calls from these by
     * {@link #inRoomInstance}, among the calls of the event's project ({@link RoomCall#throughMappedKey}). For the
     * engine's ownership rules only; never shown to a tenant. A store may answer from what {@link #prefetchRooms} fetched.
     */
    List<RoomCall> findCallsInRoom(String roomSid, String roomName);

    /**
     * Every tenant's calls in a room instance that came through no mapped key: {@link #inRoomInstance} over
     * {@link #findCallsInRoom}, without the calls of a mapped key's project.
     */
    default List<RoomCall> findRoomCalls(String roomSid, String roomName) {
        List<RoomCall> shared = findCallsInRoom(roomSid, roomName).stream().filter(c -> !c.throughMappedKey()).toList();
        return inRoomInstance(shared, RoomCall::roomSid, RoomCall::roomName, roomSid, roomName);
    }

    /**
     * The rule every store applies in {@link #findRoomCalls} and {@link #findCallIdByRoom}: the calls of one
     * room instance among {@code calls}. Those with sid {@code roomSid}; else those named {@code roomName} that
     * no instance has bound yet (no sid), or, for {@code roomSid} null, all those named {@code roomName}.
     */
    static <C> List<C> inRoomInstance(Collection<C> calls, Function<C, String> sidOf, Function<C, String> nameOf,
                                      String roomSid, String roomName) {
        if (roomSid != null) {
            List<C> bySid = calls.stream().filter(c -> roomSid.equals(sidOf.apply(c))).toList();
            if (!bySid.isEmpty()) {
                return bySid;
            }
        }
        return roomName == null ? List.of() : calls.stream()
                .filter(c -> roomName.equals(nameOf.apply(c)) && (roomSid == null || sidOf.apply(c) == null)).toList();
    }

    /**
     * The tenant that owns a room by what is recorded for it, for tenant resolution only (it names an
     * owner, never returns a call): {@link #roomOwner} over {@link #findRoomCalls}. A call that holds
     * events outranks a registration, and conflicting evidence names nobody. Calls of a mapped key's project
     * ({@link RoomCall#throughMappedKey}) are not counted: an event that key did not sign is not theirs.
     */
    default Optional<String> findRoomOwner(String roomSid, String roomName) {
        List<RoomCall> calls = findRoomCalls(roomSid, roomName);
        Set<String> withEvents = new HashSet<>();
        Set<String> registered = new HashSet<>();
        for (RoomCall call : calls) {
            (call.holdsEvents() ? withEvents : registered).add(call.tenantId());
        }
        return roomOwner(withEvents, registered);
    }

    /**
     * Attaches every event of call {@code fromCallId} of {@code fromTenant} to call {@code toCallId} of
     * {@code toTenant}: when signed evidence names another tenant than the weaker link that attributed them.
     * The host's facts ({@code eventType} {@value #FACT_EVENT_TYPE}) stay: a fact is its reporting tenant's, and
     * never moves into another tenant's call. Within this unit of work: all of them move, or (the unit failing) none.
     */
    void moveEvents(String fromTenant, String fromCallId, String toTenant, String toCallId);

    /**
     * Gives call {@code callId} of {@code fromTenant}, with its events, to {@code toTenant}, keeping its id: when
     * signed evidence names another tenant than the weaker link that attributed the call. Within this unit of
     * work: the call and all its events change owner, or (the unit failing) none.
     */
    void transferCall(String fromTenant, String callId, String toTenant);

    /** How many of {@code tenantId}'s calls are registrations waiting for their call (status {@code registered}). */
    long countRegistrations(String tenantId);

    /** Deletes call {@code callId} of {@code tenantId}, which holds no events. */
    void deleteCall(String tenantId, String callId);

    /**
     * The rule every store applies in {@link #findRoomOwner}: the tenant of the room's calls that hold
     * events, when they name exactly one; else, when no call holds events, the tenant of the room's
     * registrations when exactly one tenant registered it. Empty otherwise: several tenants' calls, or
     * several tenants' registrations, name nobody rather than whoever came first, so that a tenant can
     * never draw another's events into its account by registering their room.
     *
     * @param tenantsWithEvents tenants of the room's calls that hold at least one event
     * @param tenantsRegistered tenants of the room's calls that hold only a registration
     */
    static Optional<String> roomOwner(Set<String> tenantsWithEvents, Set<String> tenantsRegistered) {
        if (!tenantsWithEvents.isEmpty()) {
            return tenantsWithEvents.size() == 1 ? Optional.of(tenantsWithEvents.iterator().next()) : Optional.empty();
        }
        return tenantsRegistered.size() == 1 ? Optional.of(tenantsRegistered.iterator().next()) : Optional.empty();
    }

    /**
     * The id of {@code tenantId}'s call in the room instance with this sid; else, by name, a call no room
     * instance has bound yet (no sid: a registration, or events without sid), so that a room name used again
     * makes another call. For an event without sid ({@code roomSid} null), any call of that name.
     */
    Optional<String> findCallIdByRoom(String tenantId, String roomSid, String roomName);

    /**
     * Locks the call {@code skeleton.id()} of {@code skeleton.tenantId()} until the unit of work ends,
     * inserting {@code skeleton} first when no such call exists; returns the call as stored.
     *
     * @throws CallIdTakenException when a call of another tenant holds that id
     */
    CallRecord lockOrCreateCall(CallRecord skeleton);

    /**
     * Attaches every failed event not yet owned by any tenant (an orphan) that names the room with sid
     * {@code roomSid} or name {@code roomName} to {@code callId} of {@code tenantId}, marking them processed.
     */
    void attachOrphans(String tenantId, String callId, String roomSid, String roomName);

    /**
     * Attaches the stored event {@code event} (its id names the row) and its room's orphans to {@code callId}
     * of {@code tenantId}, marking them processed, as {@link #attachOrphans} does. A store may use what
     * {@code event} holds to know the call's events without reading them back.
     */
    void attachEvent(String tenantId, String callId, StoredEvent event);

    /** The events attached to {@code callId} of {@code tenantId}. */
    List<StoredEvent> loadCallEvents(String tenantId, String callId);

    /** Writes {@code call} (matched by tenant and id). */
    void upsertCall(CallRecord call);

    /** Sets the status and error of an event and counts an attempt. */
    void markEvent(String eventId, EventStatus status, String error);

    /**
     * Records a failed processing attempt of a pending event: counts it, keeps {@code error}, and
     * makes it due again at {@code retryAt}.
     */
    void scheduleRetry(String eventId, String error, Instant retryAt);

    /** Puts a failed event back to pending, due at once, with its attempts reset; false when it is not failed. */
    boolean requeueFailed(String eventId);

    /**
     * Deletes event {@code eventId}, whatever its state; nothing when there is none. Only a spool's events are deleted
     * (once forwarded to the store, see {@link dev.calloutcomes.CallOutcomes.Builder#spool}): a store that is never a
     * spool need not support it.
     *
     * @throws UnsupportedOperationException when this store cannot be a spool
     */
    default void deleteEvent(String eventId) {
        throw new UnsupportedOperationException("this store cannot be a spool: it does not delete events");
    }
}
