package dev.calloutcomes.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code calloutcomes.*} properties. Immutable; its {@code toString} names how many secrets are configured,
 * never one of them.
 *
 * @param enabled whether call-outcomes is configured at all
 * @param basePath where the servlets are mounted: webhooks at {@code <basePath>/webhooks/call_completed}, the call
 *        API at {@code <basePath>/calls}, the dashboard at {@code <basePath>/dashboard}, admin at {@code <basePath>/admin}
 * @param defaultTenant the tenant of webhooks no stronger evidence attributes (single-tenant hosts)
 * @param tenantKey the room-metadata key that names a call's tenant
 * @param registrationsOutrankDefaultTenant whether a registration takes the default tenant's calls of its room name
 *        (only when every registration comes from a dialer the host trusts; off by default: any tenant may register
 *        any room name)
 * @param asynchronous store webhooks only and apply them on worker threads, started and stopped with the context
 * @param livekit LiveKit's own webhook signing
 * @param webhook the webhook endpoint's other schemes and its security
 * @param api the call API
 * @param dashboard the outcomes dashboard
 * @param admin the operators' endpoints
 * @param storage the tables on the context's DataSource
 * @param spool where webhooks wait while the store is down (README, "When LiveKit cannot deliver")
 */
@ConfigurationProperties("calloutcomes")
public record CallOutcomesProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/api") String basePath,
        String defaultTenant,
        @DefaultValue("tenantId") String tenantKey,
        @DefaultValue("false") boolean registrationsOutrankDefaultTenant,
        @DefaultValue("false") boolean asynchronous,
        @DefaultValue LiveKit livekit,
        @DefaultValue Webhook webhook,
        @DefaultValue Api api,
        @DefaultValue Dashboard dashboard,
        @DefaultValue Admin admin,
        @DefaultValue Storage storage,
        @DefaultValue Spool spool) {

    public CallOutcomesProperties {
        basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /**
     * LiveKit's webhook signing: the JWT in the {@code Authorization} header, signed with an API secret.
     *
     * @param keys API key to API secret, one per LiveKit project (or two while rotating)
     * @param keyTenants API key to the tenant every webhook it signs belongs to (hosts whose customers bring their
     *        own LiveKit project)
     */
    public record LiveKit(Map<String, String> keys, Map<String, String> keyTenants) {
        public LiveKit {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
            keyTenants = keyTenants == null ? Map.of() : Map.copyOf(keyTenants);
        }

        @Override
        public String toString() {
            return "LiveKit[keys=" + keys.keySet() + ", keyTenants=" + keyTenants + "]";
        }
    }

    /**
     * The webhook endpoint.
     *
     * @param hmacSecrets secrets of the {@code X-LiveKit-Signature} HMAC-SHA256 header scheme
     * @param standardWebhooksSecrets {@code whsec_} secrets of the Standard Webhooks scheme
     * @param permitAll let webhooks and their health check through Spring Security (no login, no CSRF token: the
     *        signature authenticates them); the rest of the application keeps the host's rules
     */
    public record Webhook(List<String> hmacSecrets, List<String> standardWebhooksSecrets,
                          @DefaultValue("true") boolean permitAll) {
        public Webhook {
            hmacSecrets = hmacSecrets == null ? List.of() : List.copyOf(hmacSecrets);
            standardWebhooksSecrets = standardWebhooksSecrets == null ? List.of() : List.copyOf(standardWebhooksSecrets);
        }

        @Override
        public String toString() {
            return "Webhook[hmacSecrets=" + hmacSecrets.size() + ", standardWebhooksSecrets=" + standardWebhooksSecrets.size()
                    + ", permitAll=" + permitAll + "]";
        }
    }

    /**
     * The call API.
     *
     * @param enabled whether the call API is mounted
     * @param tokenSecret the HS256 secret of tenant API tokens ({@code Authorization: Bearer}, {@code sub} names the
     *        tenant); without it, the name of Spring Security's authenticated principal is the tenant
     * @param requestsPerSecond requests one tenant may make a second (the API and the dashboard's reads together)
     * @param burst requests one tenant may make at once before the rate applies
     * @param readsPerTenant list and stats requests one tenant may have running at once (more get 429)
     * @param readsInAll list and stats requests running at once for all tenants (more get 503)
     * @param maxPageBytes the bound on one list page's JSON (a larger page ends early, with a cursor)
     */
    public record Api(@DefaultValue("true") boolean enabled, String tokenSecret, @DefaultValue("50") long requestsPerSecond,
                      @DefaultValue("100") long burst, @DefaultValue("2") int readsPerTenant, @DefaultValue("4") int readsInAll,
                      @DefaultValue("1048576") int maxPageBytes) {
        @Override
        public String toString() {
            return "Api[enabled=" + enabled + ", tokenSecret=" + (tokenSecret == null ? "none" : "<redacted>")
                    + ", requestsPerSecond=" + requestsPerSecond + ", burst=" + burst + ", readsPerTenant=" + readsPerTenant
                    + ", readsInAll=" + readsInAll + ", maxPageBytes=" + maxPageBytes + "]";
        }
    }

    /**
     * The outcomes dashboard, authenticated as the call API is.
     *
     * @param enabled whether the dashboard is mounted
     */
    public record Dashboard(@DefaultValue("true") boolean enabled) {
    }

    /**
     * The operators' endpoints (reprocess, retry failed events, sweep), mounted only with an operator secret.
     *
     * @param operatorTokenSecret the HS256 secret of operator tokens, distinct from the API's
     */
    public record Admin(String operatorTokenSecret) {
        @Override
        public String toString() {
            return "Admin[operatorTokenSecret=" + (operatorTokenSecret == null ? "none" : "<redacted>") + "]";
        }
    }

    /**
     * The tables.
     *
     * @param migrate create or upgrade the tables at startup (before the host's own Liquibase changelog runs)
     */
    public record Storage(@DefaultValue("true") boolean migrate) {
    }

    /**
     * The spool: a second store on the instance's own disk, which takes the webhooks the store cannot, and from which
     * they are forwarded every second once it answers.
     *
     * @param jdbcUrl the spool's database, an H2 file such as {@code jdbc:h2:file:/var/lib/call-outcomes/spool} (H2 on
     *        the classpath); none: no spool, a store that is down answers 503
     * @param maxEvents at most this many webhooks wait; beyond, 503
     * @param maxAge none waits longer; beyond, 503
     */
    public record Spool(String jdbcUrl, @DefaultValue("1000000") int maxEvents, @DefaultValue("24h") Duration maxAge) {
    }
}
