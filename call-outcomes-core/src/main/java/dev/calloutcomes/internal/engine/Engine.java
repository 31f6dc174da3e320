package dev.calloutcomes.internal.engine;

import static dev.calloutcomes.internal.Identifiers.forLog;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.internal.FactEvents;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.livekit.MalformedEventException;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.OutcomeClassifier;
import dev.calloutcomes.store.CallIdTakenException;
import dev.calloutcomes.store.ConstraintViolationException;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.InvalidDataException;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.tenant.TenantResolver;
import dev.calloutcomes.webhook.Verification;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind one {@link dev.calloutcomes.CallOutcomes}: stores events through group commit,
 * applies them to calls with the recorder, and makes the workers and the maintenance that share
 * it. Internal: hosts use {@code CallOutcomes}. Immutable and thread-safe.
 */
public final class Engine {
    // Logged under the entry object's name, which hosts configure.
    private static final Logger LOG = LoggerFactory.getLogger(CallOutcomes.class);

    /** How often a webhook runs when other units keep creating its room instance's call first. */
    private static final int TAKEN_CALL_ATTEMPTS = 3;

    private final OutcomeStore store;
    private final LiveKitEventParser parser;
    private final Clock clock;
    /** How a verified webhook is taken in: applied to its call at once, or kept for the workers. */
    private final Mode intake;
    private final Spool spool;
    private final CallRecorder recorder;
    private final GroupCommit commits;
    private final KeptForOperators kept;

    /**
     * What an engine is made of; every part is required. An event's tenant is what a mapped signing key names, else
     * what {@code tenants} names (see {@link TenantChain}); the strongest signed evidence among a room instance's
     * events decides its owner. {@code intake} says whether a webhook is applied at once or kept for the workers.
     */
    public record Parts(OutcomeStore store, LiveKitEventParser parser, OutcomeClassifier classifier, TenantChain tenants,
                        Limits limits, List<OutcomeListener> listeners, Clock clock, Intake intake) {
    }

    /** How webhooks are taken in: the mode, group commit, and where they wait while the store is down. */
    public record Intake(IntakeMode mode, Commits commits, Spool spool) {
    }

    /** Group commit: up to {@code eventsPerCommit} webhooks share a transaction, at most {@code concurrentCommits} at once. */
    public record Commits(int eventsPerCommit, int concurrentCommits) {
    }

    /** Synchronous (a webhook is applied to its call before it is answered) or asynchronous (the workers apply it). */
    public enum IntakeMode { SYNCHRONOUS, ASYNCHRONOUS }

    /** What one tenant may create: facts per call, and registrations waiting for their call. */
    public record Limits(int factsPerCall, int registrationsPerTenant) {
    }

    public Engine(Parts parts) {
        this.store = parts.store();
        this.parser = parts.parser();
        this.clock = parts.clock();
        this.intake = parts.intake().mode() == IntakeMode.ASYNCHRONOUS ? new KeptForWorkers() : new AppliedAtOnce();
        this.spool = parts.intake().spool();
        this.kept = new KeptForOperators(parts.store(), parts.clock());
        SignedEvidence signed;
        TenantResolver weakerLinks;
        RoomClaims claims;
        if (parts.tenants() instanceof TenantChain.Ours ours) {
            signed = SignedEvidence.ourChain(ours.tenantKey());
            weakerLinks = TenantResolver.weakerLinks(parts.parser(), ours.defaultTenant(), ours.registrationsOutrankDefaultTenant());
            claims = new RoomClaims(signed, parts.parser(), ours.defaultTenant(), ours.registrationsOutrankDefaultTenant(), parts.clock());
        } else {
            TenantChain.Hosts hosts = (TenantChain.Hosts) parts.tenants();
            signed = SignedEvidence.keysOnly();
            weakerLinks = hosts.resolver();
            claims = new RoomClaims(signed, parts.parser(), null, false, parts.clock());
        }
        this.recorder = new CallRecorder(signed, weakerLinks, claims, parts.limits(), List.copyOf(parts.listeners()), parts.clock(),
                new CallProjector(parts.classifier()), parts.parser());
        this.commits = new GroupCommit(parts.store(), parts.intake().commits().eventsPerCommit(), parts.intake().commits().concurrentCommits(), parts.clock());
    }

    /**
     * Takes in an authentic webhook body: parsed, ignored when it says nothing about a call, kept as malformed when it
     * cannot be parsed, else stored (see {@link #store}), and logged with what the sender chose escaped.
     *
     * @param keyTenant the tenant the key that signed the webhook is mapped to, or null
     */
    public WebhookResult take(byte[] body, String keyTenant) {
        return take(body, keyTenant, spool);
    }

    /** The answer to a webhook that failed verification. */
    public WebhookResult rejected(Verification verification) {
        // Not logged above DEBUG: unauthenticated senders must not be able to flood the log. The result says why.
        LOG.debug("webhook rejected by {}: {} ({})", verification.scheme(), verification.reason(), verification.detail());
        return WebhookResult.unauthenticated(verification.reason(), verification.detail());
    }

    /**
     * Moves up to {@code max} spooled webhooks into the store (see {@link Spool#forward}); each is taken as it would
     * have been, but never spooled again: one the store cannot take yet stays where it is.
     */
    public int forwardSpool(int max) {
        return spool.forward(max, (body, keyTenant) -> take(body, keyTenant, Spool.NONE));
    }

    /** The spool webhooks wait in while the store is down ({@link Spool#NONE} when there is none). */
    public Spool spool() {
        return spool;
    }

    private WebhookResult take(byte[] body, String keyTenant, Spool onOutage) {
        LiveKitEvent event;
        try {
            event = parser.parse(body);
        } catch (MalformedEventException e) {
            return kept.keepMalformed(body, e.getMessage());
        }
        if (!event.isCallEvent()) {
            LOG.debug("webhook {} ({}) ignored: says nothing about a call", forLog(event.id()), forLog(event.type()));
            return WebhookResult.ignored(event.id(), "Event " + event.type() + " ignored");
        }
        WebhookResult result = store(event, body, keyTenant, onOutage);
        // The id, type and room come from the sender (a mapped key's tenant can sign anything): escaped for the log.
        switch (result.status()) {
            case ACCEPTED -> LOG.info("webhook {} ({}) accepted for asynchronous processing", forLog(event.id()), forLog(event.type()));
            case DUPLICATE -> LOG.debug("webhook {} ({}) is a duplicate", forLog(event.id()), forLog(event.type()));
            case SPOOLED -> LOG.debug("webhook {} ({}) spooled: the store is unavailable", forLog(event.id()), forLog(event.type()));
            case UNATTRIBUTED -> LOG.warn("webhook {} ({}) kept as failed: {}", forLog(event.id()), forLog(event.type()),
                    forLog(result.message()));
            case MALFORMED -> { } // logged where it was kept
            default -> LOG.info("webhook {} ({}) processed: call {} outcome {}", forLog(event.id()), forLog(event.type()),
                    result.callId(), result.outcome() == null ? "-" : result.outcome().wireName());
        }
        return result;
    }

    /**
     * Stores an authentic, parsed call event whose body is {@code body}: applied to its call at once
     * (synchronous mode) or kept pending for the workers (asynchronous mode). An event the database
     * refuses as data is kept as malformed. When the store is unavailable, the event waits in {@code onOutage}.
     *
     * @param keyTenant the tenant the key that signed the webhook is mapped to, or null
     */
    WebhookResult store(LiveKitEvent event, byte[] body, String keyTenant, Spool onOutage) {
        LiveKitEvent.Participant participant = event.participant();
        StoredEvent stored = new StoredEvent(event.id(), null, null, event.type(), event.roomSid(), event.roomName(),
                EventStatus.PENDING, null, StoredEvent.encodePayload(body), event.createdAt(), clock.instant(), 0, keyTenant,
                participant == null ? null : participant.identity(), participant == null ? null : participant.sid());
        Optional<StoreUnavailableException> down = onOutage.bypass();
        if (down.isPresent()) {
            return onOutage.hold(stored, down.get());
        }
        try {
            return intake.take(event, stored);
        } catch (StoreUnavailableException e) {
            return onOutage.hold(stored, e);
        } catch (ConstraintViolationException e) {
            // Authentic and parsed, refused by a constraint of the host's schema (a tenant that is not one of its
            // users): not an outage. Kept under its own id, failed, so that operators can retry it once fixed.
            return kept.keepRefused(stored, "the database's constraints refused the event: " + e.getMessage());
        } catch (InvalidDataException e) {
            // Authentic, parsed, and still refused by the database: bad input, kept for inspection like a malformed body.
            return kept.keepMalformed(body, "the database refused the event's data: " + e.getMessage());
        }
    }

    private WebhookResult accept(LiveKitEvent event, StoredEvent stored) {
        return commits.run(lockOrder(event), stored, (tx, inserted) -> inserted
                ? WebhookResult.accepted(event.id())
                : WebhookResult.duplicate(event.id()));
    }

    private WebhookResult record(LiveKitEvent event, StoredEvent stored) {
        try {
            // Another unit may create the room instance's call for another tenant meanwhile: run again, seeing it.
            return againWhileCallIdTaken("webhook", event.id(),
                    () -> commits.runFor(lockOrder(event), stored, tx -> recorder.record(tx, event, stored)));
        } catch (CallRecorder.DuplicateEvent e) {
            return WebhookResult.duplicate(event.id());
        }
    }

    /** Records a host's fact on its call (see {@link dev.calloutcomes.CallOutcomes#report}); empty when the tenant has no such call. */
    public Optional<CallRecord> report(String tenantId, String callId, String factId, CallFact fact) {
        if (factId == null || factId.isBlank() || factId.length() > 255 || factId.indexOf('\u0000') >= 0) {
            throw new InvalidInputException("id must be 1 to 255 characters without NUL");
        }
        Objects.requireNonNull(fact, "fact");
        // The call may change owner between the lookup and the lock: look again (it may no longer be this tenant's).
        return againWhileCallIdTaken("fact", factId, () -> store.findCall(tenantId, callId)
                .map(found -> store.inTransaction(tx -> recorder.recordFact(tx, found, factId, fact))));
    }

    /**
     * Runs {@code work}, again while another unit of work took the call id it needed (up to
     * {@value #TAKEN_CALL_ATTEMPTS} times in all); the last {@link CallIdTakenException} is thrown.
     */
    private static <T> T againWhileCallIdTaken(String kind, String id, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (CallIdTakenException e) {
                if (attempt == TAKEN_CALL_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{} {}: {}; running it again", kind, Identifiers.forLog(id), e.getMessage());
            }
        }
    }

    /**
     * A fact's JSON (see {@link dev.calloutcomes.CallOutcomes#report(String, String, byte[])}): one that is not a fact,
     * for a call the tenant has, is kept as a failed event of the tenant before the exception says what is wrong.
     */
    public Optional<CallRecord> report(String tenantId, String callId, byte[] json) {
        if (store.findCall(tenantId, callId).isEmpty()) {
            // Nothing is kept for a call the tenant does not have: a tenant cannot fill the store through unknown ids.
            return Optional.empty();
        }
        FactEvents.Reported reported;
        try {
            reported = FactEvents.reported(json);
        } catch (InvalidInputException e) {
            kept.keepMalformedFact(tenantId, callId, json, e.getMessage());
            throw e;
        }
        return report(tenantId, callId, reported.factId(), reported.fact());
    }

    /** Records a registration on its tenant's call (see {@link dev.calloutcomes.CallOutcomes#registerCall}), its phone in E.164. */
    public CallRecord register(CallRegistration registration) {
        String phone = registration.phoneNumber() == null ? null : parser.normalizePhone(registration.phoneNumber());
        CallRegistration normalized = phone == null ? registration : registration.withPhoneNumber(phone);
        return store.inTransaction(tx -> recorder.register(tx, normalized));
    }

    /** The pure projection: what {@code current} becomes given exactly {@code events}. */
    public CallRecord project(CallRecord current, List<LiveKitEvent> events) {
        return recorder.project(current, events);
    }

    /** Workers applying this engine's pending events, not started. */
    public EventWorkers workers(WorkerSettings settings) {
        return new Workers(this, settings);
    }

    /** Operator tasks over this engine's store. */
    public CallMaintenance maintenance() {
        return new Maintenance(this);
    }

    /**
     * The order in which events sharing a transaction are applied (webhook groups and worker
     * batches alike): by room, then event id, so that concurrent transactions lock calls and event
     * ids in one order.
     */
    static String lockOrder(LiveKitEvent event) {
        return (event.roomName() != null ? event.roomName() : event.roomSid()) + "\u0000" + event.id();
    }

    /**
     * Whether a webhook found every commit lane taken within the last {@code window}: the intake is
     * saturated, and work beside it (the workers) slows it down. Always false with group commit off.
     */
    boolean intakeSaturatedWithin(Duration window) {
        long at = commits.saturatedAt();
        return at != Long.MIN_VALUE && clock.millis() - at <= window.toMillis();
    }

    OutcomeStore outcomeStore() {
        return store;
    }

    LiveKitEventParser parser() {
        return parser;
    }

    Clock clock() {
        return clock;
    }

    /** Whether webhooks are kept for the workers (asynchronous mode) rather than applied at once. */
    boolean keepsForWorkers() {
        return intake instanceof KeptForWorkers;
    }

    /** How one mode takes a verified, parsed webhook in. */
    private interface Mode {
        WebhookResult take(LiveKitEvent event, StoredEvent stored);
    }

    /** Synchronous mode: the event is applied to its call before the webhook is answered. */
    private final class AppliedAtOnce implements Mode {
        @Override
        public WebhookResult take(LiveKitEvent event, StoredEvent stored) {
            return record(event, stored);
        }
    }

    /** Asynchronous mode: the event is stored pending, and the workers apply it. */
    private final class KeptForWorkers implements Mode {
        @Override
        public WebhookResult take(LiveKitEvent event, StoredEvent stored) {
            return accept(event, stored);
        }
    }

    CallRecorder recorder() {
        return recorder;
    }
}
