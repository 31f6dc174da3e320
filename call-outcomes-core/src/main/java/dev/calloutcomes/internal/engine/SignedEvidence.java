package dev.calloutcomes.internal.engine;

import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.tenant.TenantResolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the evidence LiveKit signs from an event: the tenant its signing key is mapped to, else a field of the
 * room metadata, else an attribute of a SIP or agent participant (the latter two only when the host keeps our
 * resolver chain). Immutable and thread-safe.
 */
final class SignedEvidence {
    private final TenantResolver roomMetadata;
    private final TenantResolver participantAttribute;
    private final boolean ourChain;

    private SignedEvidence(TenantResolver roomMetadata, TenantResolver participantAttribute, boolean ourChain) {
        this.roomMetadata = roomMetadata;
        this.participantAttribute = participantAttribute;
        this.ourChain = ourChain;
    }

    /** Our chain's signed evidence: mapped keys, then room metadata and SIP or agent attributes named {@code tenantKey}. */
    static SignedEvidence ourChain(String tenantKey) {
        return new SignedEvidence(TenantResolver.roomMetadata(tenantKey), TenantResolver.participantAttribute(tenantKey), true);
    }

    /** When the host replaced our chain: only mapped keys are signed evidence. */
    static SignedEvidence keysOnly() {
        return new SignedEvidence(TenantResolver.none(), TenantResolver.none(), false);
    }

    /**
     * Whether an event without signed evidence joins its room instance's owner before the weaker links are asked:
     * with our chain; a host's own resolver is asked first instead.
     */
    boolean followsHolders() {
        return ourChain;
    }

    /** The strongest signed evidence of {@code event}, whose webhook's key was mapped to {@code keyTenant} (or null). */
    Optional<Evidence> of(LiveKitEvent event, String keyTenant, StoreTransaction tx) {
        List<Evidence> all = all(event, keyTenant, tx);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every piece of signed evidence {@code event} carries, strongest first. */
    List<Evidence> all(LiveKitEvent event, String keyTenant, StoreTransaction tx) {
        if (SweptFact.is(event)) {
            return List.of();
        }
        List<Evidence> all = new ArrayList<>(1);
        if (keyTenant != null) {
            all.add(evidence(OwnerEvidence.API_KEY, keyTenant, event));
        }
        roomMetadata.resolve(event, tx).filter(Identifiers::isValid)
                .ifPresent(t -> all.add(evidence(OwnerEvidence.ROOM_METADATA, t, event)));
        participantAttribute.resolve(event, tx).filter(Identifiers::isValid)
                .ifPresent(t -> all.add(evidence(OwnerEvidence.PARTICIPANT_ATTRIBUTE, t, event)));
        return all;
    }

    private static Evidence evidence(OwnerEvidence kind, String tenant, LiveKitEvent event) {
        return new Evidence(kind, tenant, event.createdAt(), event.id());
    }

    /** What a call's events, parsed as {@code parsed} (same order as {@code stored}), say about its owner. */
    Summary summarize(List<StoredEvent> stored, List<LiveKitEvent> parsed, StoreTransaction tx) {
        Evidence strongest = null;
        Set<String> named = new HashSet<>();
        boolean events = false;
        for (int i = 0; i < stored.size(); i++) {
            LiveKitEvent event = parsed.get(i);
            events |= !SweptFact.is(event);
            List<Evidence> all = all(event, stored.get(i).keyTenantId(), tx);
            for (Evidence e : all) {
                named.add(e.tenant());
            }
            if (!all.isEmpty() && (strongest == null || all.get(0).beats(strongest))) {
                strongest = all.get(0);
            }
        }
        return new Summary(strongest, events, named.size() > 1);
    }

    /** The strongest signed evidence among stored events, parsed with {@code parser}. */
    Optional<Evidence> strongest(List<StoredEvent> stored, LiveKitEventParser parser, StoreTransaction tx) {
        Evidence strongest = null;
        for (StoredEvent e : stored) {
            if (e.eventType() == null || e.eventType().equals(SweptFact.TYPE)) {
                continue;
            }
            Optional<Evidence> found = of(parser.parse(e.payloadBytes()), e.keyTenantId(), tx);
            if (found.isPresent() && (strongest == null || found.get().beats(strongest))) {
                strongest = found.get();
            }
        }
        return Optional.ofNullable(strongest);
    }

    /**
     * A call's evidence: the strongest signed evidence among its events (or null), whether it has events at all,
     * and whether signed evidence in them (any of it, not only each event's strongest) names more
     * than one tenant.
     */
    record Summary(Evidence strongest, boolean hasEvents, boolean contested) {
        /** What gave the call its owner, for {@link dev.calloutcomes.call.CallRecord#ownerEvidence()}. */
        OwnerEvidence kind() {
            return strongest != null ? strongest.kind() : hasEvents ? OwnerEvidence.LINK : OwnerEvidence.REGISTRATION;
        }
    }
}
