package dev.calloutcomes.internal.engine;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoreTransaction.RoomCall;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.tenant.TenantResolver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a tenant that signed evidence names the calls that weaker links (a room-name pattern, the room's
 * recorded owner, a registration, the default tenant) gave other tenants in the same room, so that a call's
 * owner does not depend on which of its events came first. A call one of whose events carries signed
 * evidence stays where it is: evidence of equal strength is never overruled by arrival order. Stateless.
 */
final class RoomClaims {
    private final TenantResolver signedEvidence;
    private final LiveKitEventParser parser;
    private final Clock clock;

    RoomClaims(TenantResolver signedEvidence, LiveKitEventParser parser, Clock clock) {
        this.signedEvidence = signedEvidence;
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * What {@link #claim} moved, as it was before: the calls whose events joined the tenant's call and that
     * are gone, and the registrations whose events moved away (they hold a registration alone now).
     */
    record Claimed(List<CallRecord> merged, List<CallRecord> emptied) {
        static final Claimed NOTHING = new Claimed(List.of(), List.of());
    }

    /**
     * Moves to {@code own}, {@code tenant}'s call in {@code event}'s room instance (locked by the caller),
     * the events that weaker links gave other tenants' calls there. Such a call is then deleted, unless it
     * holds a registration: that stays with its tenant, and only its events move, so its data is never shown
     * to another tenant. The tenant's call has the id its tenant and room instance give it, whatever came first.
     */
    Claimed claim(StoreTransaction tx, CallRecord own, LiveKitEvent event) {
        String tenant = own.tenantId();
        List<RoomCall> others = new ArrayList<>();
        for (RoomCall call : tx.findRoomCalls(event.roomSid(), event.roomName())) {
            if (call.holdsEvents() && !call.tenantId().equals(tenant)) {
                others.add(call);
            }
        }
        if (others.isEmpty()) {
            return Claimed.NOTHING;
        }
        List<CallRecord> merged = new ArrayList<>();
        List<CallRecord> emptied = new ArrayList<>();
        for (RoomCall other : others) {
            CallRecord before = tx.lockOrCreateCall(CallRecord.skeleton(other.callId(), other.tenantId(), null, null, clock.instant()));
            List<StoredEvent> events = tx.loadCallEvents(other.tenantId(), other.callId());
            if (events.stream().anyMatch(e -> carriesSignedEvidence(tx, e))) {
                continue;
            }
            tx.moveEvents(other.tenantId(), other.callId(), tenant, own.id());
            if (before.registration() == null) {
                tx.deleteCall(other.tenantId(), other.callId());
                merged.add(before);
            } else {
                emptied.add(before);
            }
        }
        return new Claimed(merged, emptied);
    }

    private boolean carriesSignedEvidence(StoreTransaction tx, StoredEvent stored) {
        if (stored.eventType() == null || stored.eventType().equals(SweptFact.TYPE)) {
            return false;
        }
        return signedEvidence.resolve(parser.parse(stored.payloadBytes()), tx).isPresent();
    }
}
