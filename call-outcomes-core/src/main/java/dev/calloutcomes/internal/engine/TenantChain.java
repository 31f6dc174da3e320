package dev.calloutcomes.internal.engine;

import dev.calloutcomes.tenant.TenantResolver;

/**
 * How an engine names an event's tenant, beside the signing keys mapped to tenants (which outrank both): our chain
 * (signed evidence under a metadata and attribute key, then the weaker links and the default tenant), or the host's
 * own resolver, whose answers are final. Internal.
 */
public sealed interface TenantChain {

    /**
     * Our chain: room metadata and SIP or agent attributes named {@code tenantKey}, then the weaker links, then
     * {@code defaultTenant} (or none), which a registration outranks only when {@code registrationsOutrankDefaultTenant}.
     */
    record Ours(String tenantKey, String defaultTenant, boolean registrationsOutrankDefaultTenant) implements TenantChain {
    }

    /** The host's resolver replaces our chain: only mapped keys outrank its answers. */
    record Hosts(TenantResolver resolver) implements TenantChain {
    }
}
