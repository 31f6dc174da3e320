package dev.calloutcomes.tenant;

import static dev.calloutcomes.InvalidConfigurationException.require;

import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in {@link TenantResolver}s and the default chain. */
public final class TenantResolvers {
    private TenantResolvers() {
    }

    /**
     * The default chain: the call registered (or already recorded) for this room sid or name → room
     * metadata key {@code key} → participant attribute {@code key} → the {@code tenant} group of the
     * parser's room-name patterns → {@code defaultTenant} (when not null).
     */
    public static TenantResolver defaultChain(String key, LiveKitEventParser parser, String defaultTenant) {
        List<TenantResolver> chain = new ArrayList<>(List.of(registeredCall(), roomMetadata(key),
                participantAttribute(key), roomNamePattern(parser)));
        if (defaultTenant != null) {
            chain.add(fixed(defaultTenant));
        }
        return chain(chain);
    }

    /** Tries {@code resolvers} in order; the first answer wins. */
    public static TenantResolver chain(List<TenantResolver> resolvers) {
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

    /** The tenant of the call already registered or recorded for the event's room. */
    public static TenantResolver registeredCall() {
        return (event, tx) -> tx.findRoomOwner(event.roomSid(), event.roomName());
    }

    /** Field {@code key} of the room metadata, when that is a JSON object. */
    public static TenantResolver roomMetadata(String key) {
        requireKey(key);
        return (event, tx) -> Optional.ofNullable(event.room()).map(LiveKitEvent.Room::metadataFields)
                .map(m -> m.get(key));
    }

    /** Attribute {@code key} of the event's participant. */
    public static TenantResolver participantAttribute(String key) {
        requireKey(key);
        return (event, tx) -> Optional.ofNullable(event.participant()).map(LiveKitEvent.Participant::attributes)
                .map(m -> m.get(key));
    }

    /** The {@code tenant} named group of the parser's room-name patterns. */
    public static TenantResolver roomNamePattern(LiveKitEventParser parser) {
        return (event, tx) -> {
            Map<String, String> groups = parser.roomNameGroups(event.roomName());
            return Optional.ofNullable(groups.get("tenant"));
        };
    }

    /** Always {@code tenant}: single-tenant hosts, or the last link of a chain. */
    public static TenantResolver fixed(String tenant) {
        require(tenant != null && !tenant.isBlank(), "tenant", tenant, "must not be blank");
        Optional<String> answer = Optional.of(tenant);
        return (event, tx) -> answer;
    }

    private static void requireKey(String key) {
        require(key != null && !key.isBlank(), "key", key, "must not be blank");
    }
}
