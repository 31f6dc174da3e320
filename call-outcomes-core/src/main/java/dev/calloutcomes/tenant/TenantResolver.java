package dev.calloutcomes.tenant;

import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.store.StoreTransaction;
import java.util.Optional;

/**
 * Names the tenant an authentic event belongs to, or abstains. Resolvers form an ordered chain (see
 * {@link TenantResolvers#chain}); the first answer wins. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantResolver {
    /**
     * The tenant of {@code event}, or empty to let the next resolver decide.
     *
     * @param tx the current unit of work, for lookups such as the owner of a registered call
     */
    Optional<String> resolve(LiveKitEvent event, StoreTransaction tx);
}
