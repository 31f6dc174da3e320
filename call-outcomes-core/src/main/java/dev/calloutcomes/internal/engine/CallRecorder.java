package dev.calloutcomes.internal.engine;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.internal.FactEvents;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoreTransaction.RoomCall;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.tenant.TenantResolver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an event becomes part of its call inside a unit of work: tenant resolution, locking or
 * creating the call, attaching the event and the room's orphans, recomputing the call from all its
 * events, and the listeners. Used by webhooks ({@link CallOutcomes#handle}), workers and
 * maintenance. Immutable and thread-safe.
 */
final class CallRecorder {
    private final SignedEvidence signedEvidence;
    private final TenantResolver weakerLinks;
    private final RoomClaims claims;
    private final Engine.Limits limits;
    private final List<OutcomeListener> listeners;
    private final Clock clock;
    private final CallProjector projector;
    private final LiveKitEventParser parser;

    CallRecorder(SignedEvidence signedEvidence, TenantResolver weakerLinks, RoomClaims claims, Engine.Limits limits,
                 List<OutcomeListener> listeners, Clock clock, CallProjector projector, LiveKitEventParser parser) {
        this.limits = limits;
        this.signedEvidence = signedEvidence;
        this.weakerLinks = weakerLinks;
        this.claims = claims;
        this.listeners = listeners;
        this.clock = clock;
        this.projector = projector;
        this.parser = parser;
    }

    /** The pure projection: what {@code current} becomes given exactly {@code events}. */
    CallRecord project(CallRecord current, List<LiveKitEvent> events) {
        return projector.project(current, events);
    }

    /**
     * Synchronous mode: resolves the event's tenant and call first, so that the event is stored once,
     * already attached to its call (or kept as failed), instead of stored and then updated.
     *
     * @throws DuplicateEvent when the event id is stored already (the unit of work must roll back)
     */
    WebhookResult record(StoreTransaction tx, LiveKitEvent event, StoredEvent stored) {
        Optional<Attribution> tenant = attribution(event, stored, tx);
        if (tenant.isEmpty()) {
            WebhookResult unattributed = unattributed(event);
            StoredEvent failed = stored.withStatus(EventStatus.FAILED, unattributed.message()).withAttempts(1);
            return tx.insertEventIfAbsent(failed) ? unattributed : WebhookResult.duplicate(event.id());
        }
        return processed(event.id(), recordNew(tx, tenant.get(), event, stored));
    }

    /** Resolves the tenant of a stored, pending event ({@code stored}, parsed: {@code event}) and applies it to its call (or keeps it as failed). */
    WebhookResult attribute(StoreTransaction tx, LiveKitEvent event, StoredEvent stored) {
        Optional<Attribution> tenant = attribution(event, stored, tx);
        if (tenant.isEmpty()) {
            WebhookResult unattributed = unattributed(event);
            tx.markEvent(event.id(), EventStatus.FAILED, unattributed.message());
            return unattributed;
        }
        return processed(event.id(), applyStored(tx, tenant.get(), event, stored));
    }

    /** An event's tenant, and the signed evidence that named it (null: a weaker link did; see {@link RoomClaims}). */
    private record Attribution(String tenant, Evidence evidence) {
    }

    private Optional<Attribution> attribution(LiveKitEvent event, StoredEvent stored, StoreTransaction tx) {
        Optional<Evidence> signed = signedEvidence.of(event, stored.keyTenantId(), tx);
        if (signed.isPresent()) {
            return Optional.of(new Attribution(signed.get().tenant(), signed.get()));
        }
        Optional<String> holder = signedEvidence.followsHolders() ? holder(tx, event) : Optional.empty();
        return holder.or(() -> weakerLinks.resolve(event, tx)).map(t -> new Attribution(t, null));
    }

    /**
     * The one tenant whose call holds events in the event's room instance (known by its sid), if there is one:
     * an event without signed evidence joins the instance's owner, however that owner was decided, before any
     * weaker link (a room-name pattern) is asked; so one instance never splits between two tenants. Calls of a
     * mapped key's project are not holders: this event came through no such key.
     */
    private static Optional<String> holder(StoreTransaction tx, LiveKitEvent event) {
        if (event.roomSid() == null) {
            return Optional.empty();
        }
        List<String> holders = tx.findRoomCalls(event.roomSid(), event.roomName()).stream()
                .filter(RoomCall::holdsEvents).map(RoomCall::tenantId).distinct().toList();
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }

    private static WebhookResult unattributed(LiveKitEvent event) {
        return WebhookResult.unattributed(event.id(), "no tenant could be resolved for room " + event.roomName());
    }

    private static WebhookResult processed(String eventId, CallRecord after) {
        return WebhookResult.processed(eventId, after.id(), after.verdict().outcome(),
                after.verdict().outcome() == null ? "Call " + after.status().wireName() : "Outcome: " + after.verdict().outcome().wireName());
    }

    /**
     * Records a registration on its tenant's call in the room (created when absent). The room's
     * orphans (events no tenant owned) are adopted only when the registering tenant now owns the room
     * by {@link StoreTransaction#findRoomOwner}: never while another tenant's call holds events there,
     * or another tenant registered it too. A registration outranks the default tenant: an open call that the
     * default tenant got only for want of anything better becomes the registrant's (see
     * {@link RoomClaims#takeFromDefaultTenant}), as if the registration had come first.
     */
    CallRecord register(StoreTransaction tx, CallRegistration registration) {
        String tenant = registration.tenantId();
        String room = registration.roomName();
        RegistrationTarget target = registrationTarget(tx, tenant, room);
        String callId = target.callId();
        if (target.fresh() && tx.countRegistrations(tenant) >= limits.registrationsPerTenant()) {
            throw new InvalidInputException("tenant holds " + limits.registrationsPerTenant()
                    + " registrations waiting for their call, the most it may; one binds when its room's first webhook arrives");
        }
        CallRecord before = tx.lockOrCreateCall(CallRecord.skeleton(callId, tenant, null, room, clock.instant()));
        if (tx.findRoomOwner(null, room).filter(tenant::equals).isPresent()) {
            tx.attachOrphans(tenant, callId, null, room);
        }
        CallRecord taken = before.status() == CallStatus.REGISTERED ? claims.takeFromDefaultTenant(tx, before, room) : null;
        return stored(tx, new CallChange(null, taken != null ? taken : before,
                project(tx, before.withRegistration(registration), null)));
    }

    /**
     * Stores a host's fact as an event of {@code call} (found for its tenant; locked here) and recomputes the call;
     * a fact reported before (same id) changes nothing.
     */
    CallRecord recordFact(StoreTransaction tx, CallRecord call, String factId, CallFact fact) {
        CallRecord before = tx.lockOrCreateCall(call);
        StoredEvent stored = FactEvents.of(before, factId, clock.instant(), fact);
        List<StoredEvent> facts = tx.loadCallEvents(before.tenantId(), before.id()).stream()
                .filter(e -> FactEvents.TYPE.equals(e.eventType())).toList();
        if (facts.size() >= limits.factsPerCall() && facts.stream().noneMatch(e -> e.eventId().equals(stored.eventId()))) {
            throw new InvalidInputException("call " + before.id() + " holds " + facts.size() + " facts, the most a call may hold");
        }
        if (!tx.insertEventIfAbsent(stored)) {
            return before;
        }
        return stored(tx, new CallChange(null, before, project(tx, before, null)));
    }

    /**
     * The call a registration of {@code room} goes to: {@code tenant}'s call of that name that no room instance
     * has bound yet; else its open call of that name (a registration made during the call); else a new one,
     * which the next instance of that name binds (a name used again after its call ended).
     */
    private RegistrationTarget registrationTarget(StoreTransaction tx, String tenant, String room) {
        List<RoomCall> mine = tx.findCallsInRoom(null, room).stream()
                .filter(c -> c.tenantId().equals(tenant)).toList();
        for (RoomCall call : mine) {
            if (call.roomSid() == null) {
                return new RegistrationTarget(call.callId(), false);
            }
        }
        for (RoomCall call : mine) {
            if (call.status() != CallStatus.ENDED) {
                return new RegistrationTarget(call.callId(), false);
            }
        }
        String id = CallRecord.idFor(tenant, room);
        return new RegistrationTarget(mine.stream().noneMatch(c -> c.callId().equals(id)) ? id
                : CallRecord.idFor(tenant, room + "\u0000" + clock.instant()), true);
    }

    /** The call a registration goes to, and whether it is a new one (which counts against its tenant's limit). */
    private record RegistrationTarget(String callId, boolean fresh) {
    }

    /**
     * Stores {@code newEvent} (not stored yet) attached to {@code tenant}'s call in its room, created
     * when absent, adopts the room's orphans, and recomputes the call from all its events.
     *
     * @throws DuplicateEvent when the event id is stored already
     */
    private CallRecord recordNew(StoreTransaction tx, Attribution attribution, LiveKitEvent event, StoredEvent newEvent) {
        Owned owned = own(tx, attribution, event);
        CallRecord before = owned.call();
        if (!tx.insertEventIfAbsent(newEvent.withCall(before.tenantId(), before.id()).withStatus(EventStatus.PROCESSED, null))) {
            throw new DuplicateEvent();
        }
        if (!keyed(attribution)) {
            // Orphans came through no mapped key: a call of a mapped key's project never adopts them.
            tx.attachOrphans(before.tenantId(), before.id(), event.roomSid(), event.roomName());
        }
        return recomputed(tx, owned, event);
    }

    /**
     * The call an event goes to, locked, and what its owner took from other tenants to get there: {@code previous}
     * is the call as another tenant had it when it changed owner (listeners see that change), else null.
     */
    private record Owned(CallRecord call, RoomClaims.Claimed claimed, CallRecord previous) {
    }

    /**
     * Locks (or creates) the call the event goes to. A weaker link's tenant gets it in its call. Signed evidence
     * decides who owns the room instance (see {@link RoomClaims#plan}); the owner's call takes the events other
     * tenants hold there, and the registrations left without events are stored.
     */
    private Owned own(StoreTransaction tx, Attribution attribution, LiveKitEvent event) {
        if (attribution.evidence() == null || keyed(attribution)) {
            // A mapped key names calls of its own project only: its tenant's call in the room, never another's.
            return new Owned(lockCall(tx, attribution.tenant(), event, keyed(attribution)), RoomClaims.Claimed.NOTHING, null);
        }
        RoomClaims.Handover handover = claims.handOver(tx, event, claims.plan(tx, event, attribution.evidence()));
        RoomClaims.Plan plan = handover.plan();
        CallRecord own = lockCall(tx, plan.owner(), event, false);
        RoomClaims.Claimed claimed = claims.claim(tx, own, plan);
        for (CallRecord registration : claimed.emptied()) {
            stored(tx, new CallChange(event, registration, project(tx, registration, null)));
        }
        boolean fresh = own.status() == CallStatus.REGISTERED && own.registration() == null;
        CallRecord previous = handover.previous() != null ? handover.previous()
                : fresh && !claimed.merged().isEmpty() ? claimed.merged().get(0) : null;
        return new Owned(own, claimed, previous);
    }

    /** Attaches {@code stored} (a stored, pending event) to its owner's call in its room and recomputes the call. */
    private CallRecord applyStored(StoreTransaction tx, Attribution attribution, LiveKitEvent event, StoredEvent stored) {
        Owned owned = own(tx, attribution, event);
        // Without its room, the event is attached alone: a call of a mapped key's project adopts no orphans.
        tx.attachEvent(owned.call().tenantId(), owned.call().id(), keyed(attribution) ? stored.withoutRoom() : stored);
        return recomputed(tx, owned, event);
    }

    private static boolean keyed(Attribution attribution) {
        return attribution.evidence() != null && attribution.evidence().kind() == OwnerEvidence.API_KEY;
    }

    /**
     * Locks (or creates) {@code tenant}'s call in the event's room, among the calls of the event's project: those
     * of a mapped key ({@code keyed}), or the others. A registration alone belongs to neither yet.
     */
    private CallRecord lockCall(StoreTransaction tx, String tenant, LiveKitEvent event, boolean keyed) {
        String roomSid = event.roomSid();
        String roomName = event.roomName();
        List<RoomCall> mine = tx.findCallsInRoom(roomSid, roomName).stream()
                .filter(c -> c.tenantId().equals(tenant) && (!c.holdsEvents() || c.throughMappedKey() == keyed)).toList();
        String callId = StoreTransaction.inRoomInstance(mine, RoomCall::roomSid, RoomCall::roomName, roomSid, roomName).stream()
                .findFirst().map(RoomCall::callId)
                .orElseGet(() -> keyed ? keyedCallId(tenant, roomSid, roomName) : newCallId(tx, tenant, roomSid, roomName));
        return tx.lockOrCreateCall(CallRecord.skeleton(callId, tenant, roomSid, roomName, clock.instant()));
    }

    /**
     * The id of a new call of a mapped key's project: from its tenant and the room sid (else name), never the
     * instance's own id, so that it is the same whatever the order of that room's other events.
     */
    private static String keyedCallId(String tenant, String roomSid, String roomName) {
        return roomSid == null ? CallRecord.idFor(tenant, roomName) : CallRecord.idFor(tenant, roomSid + "\u0000key");
    }

    /**
     * The id of a new call of {@code tenant} in a room: the instance's own id ({@link CallRecord#idForInstance});
     * when another tenant's call holds that id (a registration of a weaker owner's, kept when signed evidence
     * took the events), one from tenant and sid; for events without a sid, one from tenant and name.
     */
    private static String newCallId(StoreTransaction tx, String tenant, String roomSid, String roomName) {
        if (roomSid == null) {
            return CallRecord.idFor(tenant, roomName);
        }
        String instanceCall = CallRecord.idForInstance(roomSid);
        boolean taken = tx.findCallsInRoom(roomSid, roomName).stream().anyMatch(c -> c.callId().equals(instanceCall));
        return taken ? CallRecord.idFor(tenant, roomSid + "\u0000instance") : instanceCall;
    }

    /**
     * Projects the locked {@code before} over the call's events, {@code event} among them, stores it, tells the
     * listeners. A call that changed owner is reported as its previous owner had it ({@link Owned#previous}), so
     * that listeners see the change.
     */
    private CallRecord recomputed(StoreTransaction tx, Owned owned, LiveKitEvent event) {
        CallRecord before = owned.call();
        CallRecord reported = owned.previous() != null ? owned.previous() : before;
        return stored(tx, new CallChange(event, reported, project(tx, before, event)));
    }

    /** Writes the call as {@code change} leaves it and tells the listeners. */
    private CallRecord stored(StoreTransaction tx, CallChange change) {
        tx.upsertCall(change.after());
        notifyListeners(change, tx);
        return change.after();
    }

    /** What {@code call} becomes from all its stored events, with the current rules (for maintenance). */
    CallRecord recompute(StoreTransaction tx, CallRecord call) {
        return project(tx, call, null);
    }

    /**
     * What {@code call} becomes from all its stored events, and what they say about its owner; {@code parsed}
     * (one of them, or null) is reused instead of parsing its payload again.
     */
    private CallRecord project(StoreTransaction tx, CallRecord call, LiveKitEvent parsed) {
        List<StoredEvent> stored = tx.loadCallEvents(call.tenantId(), call.id());
        List<LiveKitEvent> events = new ArrayList<>(stored.size());
        for (StoredEvent e : stored) {
            events.add(parsed != null && parsed.id().equals(e.eventId()) ? parsed : parser.parse(e.payloadBytes()));
        }
        SignedEvidence.Summary owner = signedEvidence.summarize(stored, events, tx);
        return projector.project(call, events).withOwnerEvidence(owner.kind(), owner.contested());
    }

    void notifyListeners(CallChange change, StoreTransaction tx) {
        for (OutcomeListener listener : listeners) {
            try {
                listener.onCallUpdated(change, tx);
            } catch (RuntimeException e) {
                throw new ListenerFailedException("listener " + listener.getClass().getName() + " failed on call "
                        + change.after().id() + "; the change was rolled back", e);
            }
        }
    }

    /** A webhook's event id is stored already: its unit of work rolls back (it may have created a call) and it is answered as a duplicate. */
    static final class DuplicateEvent extends RuntimeException {
        DuplicateEvent() {
            super("duplicate event", null, false, false);
        }
    }
}
