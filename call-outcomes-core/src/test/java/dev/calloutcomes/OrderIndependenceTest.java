package dev.calloutcomes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: a call's record, its owner and its id are a function of the SET of its events. Random subsets
 * of a call's events, delivered in random orders with random duplicates, with a default tenant that agrees
 * with the events' signed evidence, contradicts it, or is absent, synchronously or through the workers,
 * give one identical record under one owner.
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

    private static List<CallRecord> deliver(List<byte[]> deliveries, String defaultTenant, boolean asynchronous) {
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes.Builder b = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).asynchronous(asynchronous)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification());
        CallOutcomes outcomes = (defaultTenant == null ? b : b.defaultTenant(defaultTenant)).build();
        deliveries.forEach(body -> outcomes.handle(WebhookRequest.ofSingle(Map.of(), body)));
        if (asynchronous) {
            try (EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                workers.drain();
            }
        }
        List<CallRecord> calls = new ArrayList<>();
        for (String tenant : List.of("acme", "tenant-fixture", "alice", "zeta")) {
            store.queryCalls(CallQuery.forTenant(tenant)).items().forEach(c -> calls.add(c.withTimestamps(null, null)));
        }
        return calls;
    }

    @Test
    void randomSubsetsInEveryOrderWithDuplicatesGiveOneRecord() {
        Random random = new Random(20261124L);
        List<byte[]> fixtures = fixtureCall();
        int nonEmpty = 0;
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
            List<byte[]> subset = new ArrayList<>();
            for (byte[] body : pool) {
                if (random.nextInt(3) > 0) {
                    subset.add(body);
                }
            }
            // The default tenant agrees with the tenant the events' metadata names, contradicts it, or is absent.
            String tenant = switch (random.nextInt(3)) {
                case 0 -> named;
                case 1 -> "acme".equals(named) ? "zeta" : "acme";
                default -> null;
            };
            boolean asynchronous = c % 4 == 3;
            List<CallRecord> expected = null;
            for (int o = 0; o < ORDERS_PER_CASE; o++) {
                List<byte[]> deliveries = new ArrayList<>(subset);
                for (byte[] body : subset) {
                    if (random.nextInt(4) == 0) {
                        deliveries.add(body);
                    }
                }
                Collections.shuffle(deliveries, random);
                List<CallRecord> got = deliver(deliveries, tenant, asynchronous);
                if (expected == null) {
                    expected = got;
                    nonEmpty += got.isEmpty() ? 0 : 1;
                } else {
                    assertThat(got).as("case %d, order %d (default tenant %s, %s)", c, o, tenant,
                            asynchronous ? "asynchronous" : "synchronous").isEqualTo(expected);
                }
            }
        }
        assertThat(nonEmpty).as("cases that produced a call").isGreaterThan(CASES / 2);
    }
}
