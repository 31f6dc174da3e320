package dev.calloutcomes.internal.engine;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.store.StoreTransaction.RoomCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one owner per room instance whatever order its events arrive in. When an event carries signed
 * evidence, the owner of its room instance is the tenant that the strongest evidence (see {@link Evidence})
 * among that event and the events already recorded there names; the calls other tenants hold there give it
 * their events. Weaker links (a room-name pattern, the room's recorded owner, a registration, the default
 * tenant) never take a call from anyone. Stateless.
 */
final class RoomClaims {
    /** How recent a default tenant's call must be for a registration to take it (see {@link #takeFromDefaultTenant}). */
    static final Duration TAKEOVER_WINDOW = Duration.ofMinutes(10);

    private final SignedEvidence signed;
    private final LiveKitEventParser parser;
    private final String defaultTenant;
    private final boolean registrationsOutrankDefaultTenant;
    private final Clock clock;

    RoomClaims(SignedEvidence signed, LiveKitEventParser parser, String defaultTenant, boolean registrationsOutrankDefaultTenant,
               Clock clock) {
        this.signed = signed;
        this.parser = parser;
        this.defaultTenant = defaultTenant;
        this.registrationsOutrankDefaultTenant = registrationsOutrankDefaultTenant;
        this.clock = clock;
    }

    /** The owner of a room instance, and the calls that other tenants hold there (locked), which it takes. */
    record Plan(String owner, List<RoomCall> others) {
    }

    /**
     * What {@link #claim} moved, as it was before: the calls whose events joined the owner's call and that
     * are gone, and the registrations whose events moved away (they hold a registration alone now).
     */
    record Claimed(List<CallRecord> merged, List<CallRecord> emptied) {
        static final Claimed NOTHING = new Claimed(List.of(), List.of());
    }

    /**
     * Who owns {@code event}'s room instance, given {@code incoming}, the event's signed evidence. When only
     * the tenant it names holds events there, that tenant, and nothing is read; else the calls holding events
     * there are locked and the strongest evidence among theirs and {@code incoming} decides.
     */
    Plan plan(StoreTransaction tx, LiveKitEvent event, Evidence incoming) {
        // findRoomCalls leaves out the calls of a mapped key's project: evidence of another project never takes them.
        List<RoomCall> holding = tx.findRoomCalls(event.roomSid(), event.roomName()).stream()
                .filter(RoomCall::holdsEvents).toList();
        if (holding.stream().allMatch(c -> c.tenantId().equals(incoming.tenant()))) {
            return new Plan(incoming.tenant(), List.of());
        }
        Evidence best = incoming;
        for (RoomCall call : holding) {
            lock(tx, call);
            Optional<Evidence> theirs = signed.strongest(tx.loadCallEvents(call.tenantId(), call.callId()), parser, tx);
            if (theirs.isPresent() && theirs.get().beats(best)) {
                best = theirs.get();
            }
        }
        String owner = best.tenant();
        return new Plan(owner, holding.stream().filter(c -> !c.tenantId().equals(owner)).toList());
    }

    /**
     * Moves the LiveKit events of the calls {@code plan} found to {@code own}, the owner's call in the room instance
     * (locked by the caller). Such a call is then deleted, unless it holds a registration or its tenant's facts:
     * those stay with their tenant (a fact never moves, see {@link StoreTransaction#moveEvents}), and only the
     * events move, so their data is never shown to another tenant.
     */
    Claimed claim(StoreTransaction tx, CallRecord own, Plan plan) {
        if (plan.others().isEmpty()) {
            return Claimed.NOTHING;
        }
        List<CallRecord> merged = new ArrayList<>();
        List<CallRecord> emptied = new ArrayList<>();
        for (RoomCall other : plan.others()) {
            CallRecord before = lock(tx, other);
            // Facts stay where they are (moveEvents leaves them), so a call holding some is kept for its tenant.
            boolean keep = before.registration() != null || holdsFacts(tx, other);
            tx.moveEvents(other.tenantId(), other.callId(), own.tenantId(), own.id());
            if (!keep) {
                tx.deleteCall(other.tenantId(), other.callId());
                merged.add(before);
            } else {
                emptied.add(before);
            }
        }
        return new Claimed(merged, emptied);
    }

    /** What {@link #handOver} gave: the call as its previous owner had it (or null), and the plan without it. */
    record Handover(CallRecord previous, Plan plan) {
    }

    /**
     * When the owner holds no call in {@code event}'s room instance and a weaker link's tenant holds the
     * instance's own call ({@link CallRecord#idForInstance}), gives that call to the owner, events and id, so
     * that the id does not change with the owner. A call holding its tenant's registration is not given: the
     * registration stays with its tenant, and only the events move ({@link #claim}).
     */
    Handover handOver(StoreTransaction tx, LiveKitEvent event, Plan plan) {
        String sid = event.roomSid();
        if (sid == null || plan.others().isEmpty() || tx.findCallIdByRoom(plan.owner(), sid, event.roomName()).isPresent()) {
            return new Handover(null, plan);
        }
        String instanceCall = CallRecord.idForInstance(sid);
        for (RoomCall other : plan.others()) {
            if (other.callId().equals(instanceCall)) {
                CallRecord before = lock(tx, other);
                if (before.registration() != null || holdsFacts(tx, other)) {
                    break;
                }
                tx.transferCall(other.tenantId(), instanceCall, plan.owner());
                List<RoomCall> rest = plan.others().stream().filter(c -> c != other).toList();
                return new Handover(before, new Plan(plan.owner(), rest));
            }
        }
        return new Handover(null, plan);
    }

    /**
     * A registration outranks the default tenant, when the host trusts its registrations to say so
     * ({@code CallOutcomes.Builder#registrationsOutrankDefaultTenant}; by default nothing a tenant registers
     * takes the default tenant's call). When {@code own}, a registration holding no events yet, is the
     * only registration of {@code room}, no room-name pattern names a tenant for it, and the default tenant holds
     * one open call of that name that no signed evidence gave it and that it did not register itself, that call's
     * events move to {@code own} and it is deleted; the result is what registering first would have given. Only a
     * call first recorded within {@link #TAKEOVER_WINDOW}: a dialer registers just after dialing, and an older open
     * call of the name is one whose final event was lost. Returns the call as the default tenant had it, or null
     * when nothing moved.
     */
    CallRecord takeFromDefaultTenant(StoreTransaction tx, CallRecord own, String room) {
        if (!registrationsOutrankDefaultTenant || defaultTenant == null || defaultTenant.equals(own.tenantId())
                || parser.roomNameGroups(room).get("tenant") != null) {
            return null;
        }
        List<RoomCall> calls = tx.findRoomCalls(null, room);
        if (calls.stream().anyMatch(c -> !c.holdsEvents() && !c.tenantId().equals(own.tenantId()))) {
            return null;
        }
        List<RoomCall> open = calls.stream().filter(c -> c.tenantId().equals(defaultTenant) && c.holdsEvents()
                && c.status() != CallStatus.ENDED).toList();
        if (open.size() != 1) {
            return null;
        }
        CallRecord held = lock(tx, open.get(0));
        if (held.createdAt() != null && held.createdAt().isBefore(clock.instant().minus(TAKEOVER_WINDOW))) {
            return null; // an older call of the name that never ended (its final event lost), not the one being dialed
        }
        List<StoredEvent> heldEvents = tx.loadCallEvents(defaultTenant, held.id());
        if (held.registration() != null || heldEvents.stream().anyMatch(RoomClaims::isFact)
                || signed.strongest(heldEvents, parser, tx).isPresent()) {
            return null;
        }
        tx.moveEvents(defaultTenant, held.id(), own.tenantId(), own.id());
        tx.deleteCall(defaultTenant, held.id());
        return held;
    }

    /** Whether {@code call} holds facts its tenant reported: they are its tenant's, so the call is not given away. */
    private static boolean holdsFacts(StoreTransaction tx, RoomCall call) {
        return tx.loadCallEvents(call.tenantId(), call.callId()).stream().anyMatch(RoomClaims::isFact);
    }

    private static boolean isFact(StoredEvent event) {
        return StoreTransaction.FACT_EVENT_TYPE.equals(event.eventType());
    }

    private CallRecord lock(StoreTransaction tx, RoomCall call) {
        return tx.lockOrCreateCall(CallRecord.skeleton(call.callId(), call.tenantId(), null, null, clock.instant()));
    }
}
