package dev.calloutcomes;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;
import static dev.calloutcomes.internal.Identifiers.forLog;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.internal.engine.Engine;
import dev.calloutcomes.internal.engine.Spool;
import dev.calloutcomes.internal.engine.TenantChain;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.OutcomeClassifier;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantResolver;
import dev.calloutcomes.webhook.Verification;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifier;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entry object: verifies, parses, classifies and records LiveKit webhooks idempotently.
 *
 * <pre>{@code
 * CallOutcomes outcomes = CallOutcomes.builder()
 *     .verifier(LiveKitTokenVerifier.builder().key("APIkey", "secret").build())
 *     .store(OutcomeStore.inMemory())
 *     .defaultTenant("acme")
 *     .build();
 * WebhookResult result = outcomes.handle(WebhookRequest.ofSingle(headers, body));
 * }</pre>
 *
 * <p>Immutable and thread-safe; build one per application and share it.
 */
public final class CallOutcomes {
    /** Group commit's default: up to 32 events share one transaction ({@link Builder#groupCommit}). */
    public static final int DEFAULT_EVENTS_PER_COMMIT = 32;
    /** Group commit's default: at most 4 such transactions at once. */
    public static final int DEFAULT_CONCURRENT_COMMITS = 4;
    /** Default of {@link Builder#maxFactsPerCall}. */
    public static final int DEFAULT_MAX_FACTS_PER_CALL = 200;
    /** Default of {@link Builder#maxRegistrationsPerTenant}. */
    public static final int DEFAULT_MAX_REGISTRATIONS_PER_TENANT = 10_000;
    /** The metadata and attribute key naming the tenant in the default chain. */
    public static final String DEFAULT_TENANT_KEY = "tenantId";
    private static final byte[] NO_BODY = new byte[0];

    private final WebhookVerifier verifier;
    private final OutcomeStore store;
    private final LiveKitEventParser parser;
    private final boolean asynchronous;
    private final Engine engine;

    private CallOutcomes(Builder b) {
        this.verifier = b.verifier;
        this.store = b.store;
        this.parser = b.parser;
        this.asynchronous = b.asynchronous;
        // A host's own resolver replaces ours: only a signing key mapped to a tenant outranks its answers.
        TenantChain tenants = b.tenantResolver != null ? new TenantChain.Hosts(b.tenantResolver)
                : new TenantChain.Ours(b.tenantKey, b.defaultTenant, b.registrationsOutrankDefaultTenant);
        this.engine = new Engine(new Engine.Parts(b.store, b.parser, b.classifier, tenants,
                new Engine.Limits(b.maxFactsPerCall, b.maxRegistrationsPerTenant), b.listeners, b.clock,
                new Engine.Intake(b.asynchronous ? Engine.IntakeMode.ASYNCHRONOUS : Engine.IntakeMode.SYNCHRONOUS,
                        new Engine.Commits(b.groupCommitUnits, b.groupCommitLanes),
                        b.spool == null ? Spool.NONE : new Spool(b.spool, b.spoolMaxEvents, b.spoolMaxAge, b.clock))));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one webhook: verify, parse, store the event keyed by its id, resolve its tenant, and
     * recompute its call from all of the call's stored events, all in one unit of work together
     * with the listeners.
     *
     * @throws dev.calloutcomes.store.StoreUnavailableException when storage fails (answer so that the sender retries)
     * @throws ListenerFailedException when a listener throws (the event was rolled back)
     */
    public WebhookResult handle(WebhookRequest request) {
        Verification verification = verifier.verify(request);
        return verification.accepted() ? engine.take(request.body(), verification.tenantId()) : engine.rejected(verification);
    }

    /**
     * Whether a webhook with these headers could be authentic, decided before its body is read (see
     * {@link WebhookVerifier#screen}): an endpoint answers a request that fails here without reading
     * its body. {@link #handle} still verifies everything, body included.
     */
    public Verification screen(Map<String, ? extends List<String>> headers) {
        return verifier.screen(WebhookRequest.of(headers, NO_BODY));
    }

    /**
     * Registers a call before dialing, so that its webhooks find their tenant, campaign and lead.
     * Registering the same room again updates the registration; events that arrived first, which
     * nothing else attributes, are adopted. Several tenants may register the same room name without
     * learning of each other: each gets its own record, holding its own registration only. Evidence
     * that LiveKit signs (room metadata, SIP and agent attributes, the room-name pattern) decides the
     * owner of the room's events before any registration does; with none, a room registered by two
     * tenants attributes its events to neither (they are kept as failed, for operators).
     */
    public CallRecord registerCall(CallRegistration registration) {
        return engine.register(registration);
    }

    /**
     * Records a fact the host knows about its call and LiveKit's webhooks do not carry (the SIP result of dialing,
     * an answering-machine verdict; see {@link dev.calloutcomes.fact.CallFact}). The fact is stored as an event of
     * the call, so that it is folded with the call's webhooks whatever the order, and kept through reprocessing;
     * reporting the same {@code factId} for the call again changes nothing. Listeners are told of the change.
     *
     * @param factId the caller's id for this fact (one per fact: a retry sends the same), at most 255 characters
     * @return the call as the fact leaves it; empty when {@code tenantId} has no call {@code callId}
     * @throws InvalidInputException when {@code factId} is blank, too long or holds NUL
     */
    public Optional<CallRecord> report(String tenantId, String callId, String factId, CallFact fact) {
        return engine.report(tenantId, callId, factId, fact);
    }

    /**
     * {@link #report} from a fact's JSON, as {@code POST /calls/{id}/facts} receives it:
     * {@code {"id": ..., "type": ..., fields}}. A body that is not such a fact, for a call the tenant has, is kept as a
     * failed event of the tenant (for operators, as a malformed webhook is; one per call, the first) before the
     * exception says what is wrong; for a call it does not have, nothing is kept and the answer is empty.
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public Optional<CallRecord> report(String tenantId, String callId, byte[] json) {
        return engine.report(tenantId, callId, json);
    }

    /**
     * What {@code current} becomes given exactly {@code events}: the pure projection and
     * classification {@link #handle} applies, without storing anything. For previews, reprocessing
     * and benchmarks.
     */
    public CallRecord project(CallRecord current, List<LiveKitEvent> events) {
        return engine.project(current, events);
    }

    /** The parser this service uses. */
    public LiveKitEventParser parser() {
        return parser;
    }

    /** The call {@code callId} of {@code tenantId}; empty when absent or another tenant's. */
    public Optional<CallRecord> findCall(String tenantId, String callId) {
        return store.findCall(tenantId, callId);
    }

    /** A page of a tenant's calls. */
    public CallPage queryCalls(CallQuery query) {
        return store.queryCalls(query);
    }

    /** Outcome statistics of a tenant's calls. */
    public OutcomeStats stats(StatsQuery query) {
        return store.stats(query);
    }

    /** Whether webhooks are only stored by {@link #handle}, and applied by {@link #workers workers}. */
    public boolean isAsynchronous() {
        return asynchronous;
    }

    /**
     * Workers that apply this service's pending events (asynchronous mode, and failed events being
     * retried), not yet started: {@code outcomes.workers(WorkerSettings.ofDefaults()).start()}. With
     * {@link WorkerSettings.Builder#yieldToIntake} they give way to this service's webhooks.
     */
    public EventWorkers workers(WorkerSettings settings) {
        return engine.workers(requireNonNull(settings, "settings"));
    }

    /**
     * The webhook verification schemes configured ({@code livekit-jwt}, {@code hmac}, {@code standard-webhooks},
     * {@code custom}); empty when every webhook is rejected. Health endpoints report them.
     */
    public Set<String> verificationSchemes() {
        return verifier.schemes();
    }

    /** Operator tasks (reprocess, retry failed events, sweep stuck calls) over this service's store, with its listeners. */
    public CallMaintenance maintenance() {
        return engine.maintenance();
    }

    /**
     * Checks that the store answers (for health endpoints).
     *
     * @throws dev.calloutcomes.store.StoreUnavailableException when it does not
     */
    public void checkStorage() {
        store.checkAvailable();
    }

    @Override
    public String toString() {
        return "CallOutcomes[verifier=" + verifier + ", store=" + store.getClass().getSimpleName() + "]";
    }

    /** Builds {@link CallOutcomes}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private WebhookVerifier verifier = WebhookVerifiers.failClosed();
        private OutcomeStore store;
        private LiveKitEventParser parser = LiveKitEventParser.defaults();
        private OutcomeClassifier classifier = OutcomeClassifier.ofDefaults();
        private TenantResolver tenantResolver;
        private String tenantKey = DEFAULT_TENANT_KEY;
        private String defaultTenant;
        private boolean registrationsOutrankDefaultTenant;
        private int maxFactsPerCall = DEFAULT_MAX_FACTS_PER_CALL;
        private int maxRegistrationsPerTenant = DEFAULT_MAX_REGISTRATIONS_PER_TENANT;
        private final List<OutcomeListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private boolean asynchronous;
        private int groupCommitUnits = DEFAULT_EVENTS_PER_COMMIT;
        private int groupCommitLanes = DEFAULT_CONCURRENT_COMMITS;
        private OutcomeStore spool;
        private int spoolMaxEvents;
        private Duration spoolMaxAge;

        private Builder() {
        }

        /**
         * Group commit: concurrent webhooks share store transactions, up to {@code maxEventsPerCommit}
         * in one, with at most {@code concurrentCommits} such transactions at once. Each webhook is
         * still answered only after its own event has committed. A failing group is retried event by
         * event, so an event's result is what it would be alone (a redelivered event in synchronous
         * mode fails its group this way, and costs its members a second transaction). {@code (1, any)}
         * gives every webhook its own transaction. Default: {@value CallOutcomes#DEFAULT_EVENTS_PER_COMMIT} and
         * {@value CallOutcomes#DEFAULT_CONCURRENT_COMMITS}, in both modes; BENCHMARKS.md compares them with one
         * transaction per webhook on PostgreSQL (about 3 to 4 times the throughput, a fifth of the p99).
         */
        public Builder groupCommit(int maxEventsPerCommit, int concurrentCommits) {
            require(maxEventsPerCommit >= 1 && maxEventsPerCommit <= 1000, "maxEventsPerCommit", maxEventsPerCommit,
                    "must be between 1 and 1000");
            require(concurrentCommits >= 1 && concurrentCommits <= 256, "concurrentCommits", concurrentCommits,
                    "must be between 1 and 256");
            this.groupCommitUnits = maxEventsPerCommit;
            this.groupCommitLanes = concurrentCommits;
            return this;
        }

        /**
         * A local spool for webhooks the store cannot take (it is down, or failing over): an authentic webhook is then
         * written to {@code spool} and acknowledged ({@code SPOOLED}, 202), and {@link CallMaintenance#forwardSpool}
         * moves it into the store once the store answers. Use a store on the instance's own persistent disk, such as
         * a {@code JdbcOutcomeStore} on an H2 file (README, "When LiveKit cannot deliver"). At most {@code maxEvents}
         * wait, none longer than {@code maxAge}; beyond either, webhooks are refused with 503 as without a spool.
         * Default: none.
         */
        public Builder spool(OutcomeStore spool, int maxEvents, Duration maxAge) {
            requireNonNull(spool, "spool");
            require(maxEvents >= 1, "maxEvents", maxEvents, "must be positive");
            require(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), "maxAge", maxAge, "must be positive");
            this.spool = spool;
            this.spoolMaxEvents = maxEvents;
            this.spoolMaxAge = maxAge;
            return this;
        }

        /**
         * Asynchronous mode: {@link #handle} verifies and durably stores the raw event in one short
         * transaction and answers {@code ACCEPTED}; {@link EventWorkers} apply it later. Default
         * false (synchronous: the call is updated before {@code handle} returns).
         */
        public Builder asynchronous(boolean asynchronous) {
            this.asynchronous = asynchronous;
            return this;
        }

        /** How webhooks are authenticated; default: every request rejected (fail closed). */
        public Builder verifier(WebhookVerifier verifier) {
            this.verifier = requireNonNull(verifier, "verifier");
            return this;
        }

        /** Where events and calls are kept (required). */
        public Builder store(OutcomeStore store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        /** How bodies are parsed and call facts derived; default {@link LiveKitEventParser#defaults()}. */
        public Builder parser(LiveKitEventParser parser) {
            this.parser = requireNonNull(parser, "parser");
            return this;
        }

        /** How ended calls are classified; default {@link OutcomeClassifier#ofDefaults()}. */
        public Builder classifier(OutcomeClassifier classifier) {
            this.classifier = requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Replaces the default tenant resolver chain entirely. Its answers are final, except against a signing
         * key mapped to a tenant ({@link dev.calloutcomes.webhook.LiveKitTokenVerifier.Builder#key(String, String, String)}):
         * that outranks every resolver (the default chain also moves calls that weaker links attributed when
         * room metadata or a SIP or agent attribute names another tenant).
         */
        public Builder tenantResolver(TenantResolver resolver) {
            this.tenantResolver = requireNonNull(resolver, "tenantResolver");
            return this;
        }

        /** Metadata and attribute key naming the tenant in the default chain; default {@code tenantId}. */
        public Builder tenantKey(String key) {
            require(key != null && !key.isBlank(), "tenantKey", key, "must not be blank");
            this.tenantKey = key;
            return this;
        }

        /** The tenant of events nothing else attributes; default none (such events are kept as failed). */
        public Builder defaultTenant(String tenant) {
            require(tenant == null || !tenant.isBlank(), "defaultTenant", tenant, "must not be blank");
            this.defaultTenant = tenant;
            return this;
        }

        /**
         * Whether a registration outranks the {@link #defaultTenant default tenant}: its room's events go to the
         * registrant rather than the default tenant, and a registration made just after dialing takes the default
         * tenant's open call of that name (see README, Tenants). Default false: any tenant may register any room
         * name, so by default nothing a tenant registers draws, reveals or takes a default tenant's call. Set it only
         * when every registration comes from a dialer the host trusts (its own code, not a tenant's request).
         */
        public Builder registrationsOutrankDefaultTenant(boolean outrank) {
            this.registrationsOutrankDefaultTenant = outrank;
            return this;
        }

        /**
         * The most facts one call holds ({@link CallOutcomes#report}); one more is refused with
         * {@link InvalidInputException}. Default {@value CallOutcomes#DEFAULT_MAX_FACTS_PER_CALL}: every fact
         * is folded with the call's webhooks each time the call is recomputed, so their number bounds that work.
         */
        public Builder maxFactsPerCall(int max) {
            require(max >= 1 && max <= 100_000, "maxFactsPerCall", max, "must be between 1 and 100000");
            this.maxFactsPerCall = max;
            return this;
        }

        /**
         * The most registrations one tenant may hold waiting for their call ({@link CallOutcomes#registerCall} of a
         * name it has no call of); one more is refused with {@link InvalidInputException}.
         * Default {@value CallOutcomes#DEFAULT_MAX_REGISTRATIONS_PER_TENANT}.
         */
        public Builder maxRegistrationsPerTenant(int max) {
            require(max >= 1 && max <= 10_000_000, "maxRegistrationsPerTenant", max, "must be between 1 and 10000000");
            this.maxRegistrationsPerTenant = max;
            return this;
        }

        /** Adds a listener; listeners run in the order added, inside the unit of work. */
        public Builder listener(OutcomeListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock for receipt and update times; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public CallOutcomes build() {
            require(store != null, "store", null, "must be set (OutcomeStore.inMemory() for tests)");
            return new CallOutcomes(this);
        }
    }
}
