package dev.calloutcomes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import dev.calloutcomes.livekit.LiveKitEvent;
import org.junit.jupiter.api.Test;

/**
 * Property: a call's record, its owner and its id are a function of the SET of its events. Random subsets
 * of a call's events (of one or two room instances sharing a name), delivered in random orders with random
 * duplicates, with a default tenant that agrees with the events' signed evidence, contradicts it, or is
 * absent, with metadata that names two tenants or one, signed by a key mapped to a tenant or not, with a
 * registration made before dialing, during the call or none, synchronously or through the workers, give identical records,
 * owners and ids.
 */
class OrderIndependenceTest {
    private static final int CASES = 2_000;
    private static final int ORDERS_PER_CASE = 4;

    private static List<byte[]> fixtureCall() {
        return List.of("room_started", "participant_joined_sip_dialing", "participant_left_answered_95s",
                "participant_left_busy", "participant_left_no_answer", "participant_left_trunk_failure",
                "participant_connection_aborted", "participant_left_agent", "room_finished_voicemail_metadata",
                "egress_ended_recording").stream().map(Fixtures::body).toList();
    }

    private static final String MAPPED_KEY = "APIkeyco";
    private static final String MAPPED_SECRET = "keyco-secret-0123456789abcdef";

    /** One webhook: its body, and whether the API key mapped to tenant {@code keyco} signed it (else an unmapped key). */
    private record Delivery(byte[] body, boolean mappedKey) {
    }

    private static List<CallRecord> deliver(List<Delivery> deliveries, String defaultTenant, String registrant,
                                            int registerAt, boolean asynchronous) {
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes.Builder b = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).asynchronous(asynchronous)
                .verifier(LiveKitTokenVerifier.builder().clock(Fixtures.CLOCK).key(Fixtures.API_KEY, Fixtures.API_SECRET)
                        .key(MAPPED_KEY, MAPPED_SECRET, "keyco").build());
        CallOutcomes outcomes = (defaultTenant == null ? b : b.defaultTenant(defaultTenant)).build();
        String room = deliveries.isEmpty() ? null : outcomes.parser().parse(deliveries.get(0).body()).roomName();
        for (int i = 0; i <= deliveries.size(); i++) {
            if (registrant != null && room != null && i == registerAt) {
                outcomes.registerCall(CallRegistration.of(registrant, room).withCampaignId("reg-campaign"));
            }
            if (i == deliveries.size()) {
                break;
            }
            Delivery d = deliveries.get(i);
            String token = d.mappedKey()
                    ? WebhookSigner.liveKitToken(MAPPED_KEY, MAPPED_SECRET, d.body(), Fixtures.CLOCK, Duration.ofMinutes(5))
                    : WebhookSigner.liveKitToken(Fixtures.API_KEY, Fixtures.API_SECRET, d.body(), Fixtures.CLOCK, Duration.ofMinutes(5));
            outcomes.handle(WebhookRequest.ofSingle(Map.of("Authorization", token), d.body()));
        }
        if (asynchronous) {
            try (EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                workers.drain();
            }
        }
        List<CallRecord> calls = new ArrayList<>();
        for (String tenant : List.of("acme", "tenant-fixture", "alice", "zeta", "keyco", "reg")) {
            store.queryCalls(CallQuery.forTenant(tenant)).items().forEach(c -> calls.add(c.withTimestamps(null, null)));
        }
        return calls;
    }

    /** The index of the first delivery of an event that can end a call, or the number of deliveries. */
    private static int firstEnding(List<Delivery> deliveries) {
        for (int i = 0; i < deliveries.size(); i++) {
            String body = new String(deliveries.get(i).body(), StandardCharsets.UTF_8);
            if (body.contains("\"participant_left\"") || body.contains("\"room_finished\"")
                    || body.contains("\"participant_connection_aborted\"")) {
                return i;
            }
        }
        return deliveries.size();
    }

    /** {@code body} with its room metadata naming {@code to} where it named {@code from}. */
    private static byte[] renamed(byte[] body, String from, String to) {
        return new String(body, StandardCharsets.UTF_8).replace("tenantId\\\":\\\"" + from + "\\\"",
                "tenantId\\\":\\\"" + to + "\\\"").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomSubsetsInEveryOrderWithDuplicatesGiveOneRecord() {
        Random random = new Random(20261124L);
        List<byte[]> fixtures = fixtureCall();
        int nonEmpty = 0;
        int contested = 0;
        int keyed = 0;
        for (int c = 0; c < CASES; c++) {
            String named = c % 2 == 0 ? "tenant-fixture" : random.nextBoolean() ? "acme" : "alice";
            List<byte[]> pool = c % 2 == 0 ? fixtures
                    : SyntheticCalls.call(named, c, SyntheticCalls.randomEnding(random), 1761741250L);
            if (c % 6 == 1) {
                // The room name used again: a second instance (another sid, other event ids), another call.
                pool = new ArrayList<>(pool);
                String instance = named + "_" + c;
                for (byte[] body : SyntheticCalls.call(named, c, SyntheticCalls.randomEnding(random), 1761741250L)) {
                    pool.add(new String(body, StandardCharsets.UTF_8).replace(instance, instance + "b").getBytes(StandardCharsets.UTF_8));
                }
            }
            // Conflicting signed evidence: some events' metadata names another tenant.
            boolean conflicting = c % 5 == 2;
            // Keys mapped to tenants: some events are signed by tenant keyco's own key.
            boolean mapped = c % 7 == 3;
            List<Delivery> subset = new ArrayList<>();
            for (byte[] body : pool) {
                if (random.nextInt(3) > 0) {
                    byte[] chosen = conflicting && random.nextBoolean() ? renamed(body, named, "zeta") : body;
                    subset.add(new Delivery(chosen, mapped && random.nextInt(3) == 0));
                }
            }
            // The default tenant agrees with the tenant the events' metadata names, contradicts it, or is absent.
            String tenant = switch (random.nextInt(3)) {
                case 0 -> named;
                case 1 -> "acme".equals(named) ? "zeta" : "acme";
                default -> null;
            };
            String registrant = c % 3 == 0 ? "reg" : null;
            boolean asynchronous = c % 4 == 3;
            List<CallRecord> expected = null;
            for (int o = 0; o < ORDERS_PER_CASE; o++) {
                List<Delivery> deliveries = new ArrayList<>(subset);
                for (Delivery d : subset) {
                    if (random.nextInt(4) == 0) {
                        deliveries.add(d);
                    }
                }
                Collections.shuffle(deliveries, random);
                // Registered before dialing, or while the call goes on: before any event that ends it is delivered.
                int registerAt = random.nextInt(firstEnding(deliveries) + 1);
                List<CallRecord> got = deliver(deliveries, tenant, registrant, registerAt, asynchronous);
                if (expected == null) {
                    expected = got;
                    nonEmpty += got.isEmpty() ? 0 : 1;
                    contested += got.stream().anyMatch((CallRecord call) -> call.ownership().contested()) ? 1 : 0;
                    keyed += got.stream().anyMatch(r -> r.ownership().evidence() == OwnerEvidence.API_KEY) ? 1 : 0;
                    // A mapped key's events make calls of its own project only: keyco's calls are its key's, and no
                    // other tenant's call holds an event that key signed.
                    assertThat(got).as("case %d", c).allMatch(r -> "keyco".equals(r.tenantId()) == (r.ownership().evidence() == OwnerEvidence.API_KEY));
                } else {
                    assertThat(got).as("case %d, order %d (default tenant %s, registrant %s at %d, %s)", c, o, tenant, registrant,
                            registerAt, asynchronous ? "asynchronous" : "synchronous").isEqualTo(expected);
                }
            }
        }
        assertThat(nonEmpty).as("cases that produced a call").isGreaterThan(CASES / 2);
        // Room metadata naming two tenants; a mapped key no longer contests another project's call (it makes its own).
        assertThat(contested).as("cases whose signed evidence named two tenants").isGreaterThan(CASES / 30);
        assertThat(keyed).as("cases owned through a mapped key").isGreaterThan(CASES / 20);
    }

    /** A host's fact as the event the store keeps (see {@link dev.calloutcomes.internal.FactEvents}), parsed. */
    private static LiveKitEvent factEvent(CallOutcomes outcomes, CallRecord call, String factId, long at, dev.calloutcomes.fact.CallFact fact) {
        return outcomes.parser().parse(dev.calloutcomes.internal.FactEvents.of(call, factId, java.time.Instant.ofEpochSecond(at), fact)
                .payloadBytes());
    }

    @Test
    void factsTheHostReportsFoldWithTheWebhooksInAnyOrder() {
        Random random = new Random(20261202L);
        CallOutcomes outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory(Fixtures.CLOCK)).clock(Fixtures.CLOCK)
                .verifier(dev.calloutcomes.webhook.WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        CallRecord skeleton = CallRecord.skeleton("call", "acme", null, null, Fixtures.CLOCK.instant());
        List<dev.calloutcomes.fact.CallFact> facts = List.of(new dev.calloutcomes.fact.CallFact.DialResult(486, "Busy Here"),
                new dev.calloutcomes.fact.CallFact.DialResult(603, "Decline"), new dev.calloutcomes.fact.CallFact.DialResult(200, "OK"),
                new dev.calloutcomes.fact.CallFact.MachineDetection(dev.calloutcomes.fact.CallFact.MachineDetection.Verdict.MACHINE_VM),
                new dev.calloutcomes.fact.CallFact.MachineDetection(dev.calloutcomes.fact.CallFact.MachineDetection.Verdict.HUMAN),
                new dev.calloutcomes.fact.CallFact.Answered(java.time.Instant.ofEpochSecond(1761741256L)),
                new dev.calloutcomes.fact.CallFact.Answered(java.time.Instant.ofEpochSecond(1761741262L)));
        int decidedByFacts = 0;
        for (int c = 0; c < 500; c++) {
            List<LiveKitEvent> pool = new ArrayList<>();
            for (byte[] body : SyntheticCalls.call("acme", c, SyntheticCalls.randomEnding(random), 1761741250L)) {
                if (random.nextInt(3) > 0) {
                    pool.add(outcomes.parser().parse(body));
                }
            }
            for (int f = 0; f < facts.size(); f++) {
                if (random.nextInt(3) == 0) {
                    // Two facts may share a time: the canonical order still decides which counts.
                    pool.add(factEvent(outcomes, skeleton, "fact-" + f, 1761741250L + random.nextInt(3) * 30, facts.get(f)));
                }
            }
            CallRecord expected = null;
            for (int o = 0; o < ORDERS_PER_CASE; o++) {
                List<LiveKitEvent> order = new ArrayList<>(pool);
                for (LiveKitEvent e : pool) {
                    if (random.nextInt(4) == 0) {
                        order.add(e);
                    }
                }
                Collections.shuffle(order, random);
                CallRecord got = outcomes.project(skeleton, order);
                if (expected == null) {
                    expected = got;
                    decidedByFacts += got.verdict().reason() != null && (got.verdict().reason().startsWith("sip_") || got.verdict().reason().startsWith("amd_")) ? 1 : 0;
                } else {
                    assertThat(got).as("case %d, order %d", c, o).isEqualTo(expected);
                }
            }
        }
        assertThat(decidedByFacts).as("cases a fact decided").isGreaterThan(50);
    }
}
