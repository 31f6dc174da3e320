package dev.calloutcomes.tenant;

import static dev.calloutcomes.internal.Checks.require;

import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.store.StoreTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names the tenant an authentic event belongs to, or abstains. Resolvers form an ordered chain (see
 * {@link #chain}); the first answer wins. The built-in resolvers and the default chain are this interface's static
 * methods. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantResolver {
    /**
     * The tenant of {@code event}, or empty to let the next resolver decide.
     *
     * @param tx the current unit of work, for lookups such as the owner of a registered call
     */
    Optional<String> resolve(LiveKitEvent event, StoreTransaction tx);

    /**
     * The default chain, strongest evidence first: room metadata key {@code key} → attribute {@code key}
     * of a SIP or agent participant → the {@code tenant} group of the parser's room-name patterns →
     * the owner of what is recorded for the room (its calls with events, else a single tenant's
     * registration; see {@link dev.calloutcomes.store.StoreTransaction#roomOwner}) → {@code defaultTenant}
     * (when not null). What LiveKit signs (metadata, attributes set by the SIP service or an agent,
     * the room name) outranks what a tenant claims through the API, so that no tenant can draw
     * another's events into its account by registering their room first.
     */
    static TenantResolver defaultChain(String key, LiveKitEventParser parser, String defaultTenant) {
        return chain(List.of(signedEvidence(key), weakerLinks(parser, defaultTenant)));
    }

    /**
     * The evidence LiveKit signs and a tenant cannot set for another: room metadata key {@code key}, else
     * attribute {@code key} of a SIP or agent participant. A call that weaker links (see {@link #weakerLinks})
     * gave to one tenant moves to the tenant this evidence names when it arrives.
     */
    static TenantResolver signedEvidence(String key) {
        return chain(List.of(roomMetadata(key), participantAttribute(key)));
    }

    /**
     * What attributes an event when it carries no signed evidence: the {@code tenant} group of the parser's
     * room-name patterns → the owner of what is recorded for the room → {@code defaultTenant} (when not null).
     */
    static TenantResolver weakerLinks(LiveKitEventParser parser, String defaultTenant) {
        return weakerLinks(parser, defaultTenant, true);
    }

    /**
     * {@link #weakerLinks(LiveKitEventParser, String)}, where a room's registrations name its owner ahead of
     * {@code defaultTenant} only when {@code registrationsOutrankDefaultTenant}: otherwise, with a default tenant, only
     * calls that hold LiveKit's events name the recorded owner, so that a tenant cannot register the default tenant's
     * room names to draw its calls. Without a default tenant, a room's only registrant is its owner either way.
     */
    static TenantResolver weakerLinks(LiveKitEventParser parser, String defaultTenant, boolean registrationsOutrankDefaultTenant) {
        TenantResolver recorded = defaultTenant == null || registrationsOutrankDefaultTenant ? registeredCall() : callWithEvents();
        List<TenantResolver> chain = new ArrayList<>(List.of(roomNamePattern(parser), recorded));
        if (defaultTenant != null) {
            chain.add(fixed(defaultTenant));
        }
        return chain(chain);
    }

    /**
     * The one tenant whose calls in the event's room instance hold LiveKit's events, if one does ({@code findRoomCalls}
     * leaves a mapped key's calls out).
     */
    private static TenantResolver callWithEvents() {
        return (event, tx) -> {
            Set<String> tenants = new HashSet<>();
            for (StoreTransaction.RoomCall call : tx.findRoomCalls(event.roomSid(), event.roomName())) {
                if (call.holdsEvents()) {
                    tenants.add(call.tenantId());
                }
            }
            return StoreTransaction.roomOwner(tenants, Set.of());
        };
    }

    /** Never names a tenant: the signed evidence of a host that replaced the whole chain. */
    static TenantResolver none() {
        return (event, tx) -> Optional.empty();
    }

    /** Tries {@code resolvers} in order; the first answer wins. */
    static TenantResolver chain(List<TenantResolver> resolvers) {
        List<TenantResolver> all = List.copyOf(resolvers);
        return (event, tx) -> {
            for (TenantResolver resolver : all) {
                Optional<String> tenant = resolver.resolve(event, tx).filter(Identifiers::isValid);
                if (tenant.isPresent()) {
                    return tenant;
                }
            }
            return Optional.empty();
        };
    }

    /** The tenant that owns what is recorded for the event's room (see {@link dev.calloutcomes.store.StoreTransaction#findRoomOwner}). */
    static TenantResolver registeredCall() {
        return (event, tx) -> tx.findRoomOwner(event.roomSid(), event.roomName());
    }

    /** Field {@code key} of the room metadata, when that is a JSON object. */
    static TenantResolver roomMetadata(String key) {
        requireKey(key);
        return (event, tx) -> Optional.ofNullable(event.room()).map(LiveKitEvent.Room::metadataFields)
                .map(m -> m.get(key));
    }

    /**
     * Attribute {@code key} of the event's participant, when that participant is a SIP or agent
     * participant: their attributes are set by the SIP service (from the dispatch rule or
     * {@code CreateSIPParticipant}) and by the host's agent, while any other participant can set its
     * own attributes.
     */
    static TenantResolver participantAttribute(String key) {
        requireKey(key);
        return (event, tx) -> Optional.ofNullable(event.participant()).filter(p -> p.isSip() || p.isAgent())
                .map(LiveKitEvent.Participant::attributes).map(m -> m.get(key));
    }

    /** The {@code tenant} named group of the parser's room-name patterns. */
    static TenantResolver roomNamePattern(LiveKitEventParser parser) {
        return (event, tx) -> {
            Map<String, String> groups = parser.roomNameGroups(event.roomName());
            return Optional.ofNullable(groups.get("tenant"));
        };
    }

    /** Always {@code tenant}: single-tenant hosts, or the last link of a chain. */
    static TenantResolver fixed(String tenant) {
        require(tenant != null && !tenant.isBlank(), "tenant", tenant, "must not be blank");
        Optional<String> answer = Optional.of(tenant);
        return (event, tx) -> answer;
    }

    private static void requireKey(String key) {
        require(key != null && !key.isBlank(), "key", key, "must not be blank");
    }
}
