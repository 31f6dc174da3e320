package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two webhooks of one room instance whose metadata names two tenants, processed at the same instant by two
 * threads: the instance's call is created once (its primary key lets one transaction in), the engine runs the
 * other webhook again (no error reaches the sender), and the instance ends as one call of the tenant whose
 * evidence is the earliest, holding both events.
 */
class ConcurrentOwnersTest {
    private static final int INSTANCES = Integer.getInteger("races", 40);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    private static byte[] left(String id, String room, String tenant, long createdAt) {
        return ("{\"event\":\"participant_left\",\"id\":\"" + id + "\",\"createdAt\":\"" + createdAt + "\",\"room\":{\"sid\":\"RM_"
                + room + "\",\"name\":\"" + room + "\",\"metadata\":\"{\\\"tenantId\\\":\\\"" + tenant + "\\\"}\"},"
                + "\"participant\":{\"sid\":\"PA_" + id + "\",\"identity\":\"agent_" + id + "\",\"kind\":\"AGENT\","
                + "\"disconnectReason\":\"CLIENT_INITIATED\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookResult deliver(CallOutcomes outcomes, byte[] body) {
        return outcomes.handle(WebhookRequest.ofSingle(Map.of(), body));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void twoTenantsRacingForOneInstanceEndAsOneCallOfTheEarliestEvidence(TestDatabases db) throws Exception {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(8)) {
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).clock(CLOCK).build();
            CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(CLOCK)
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    String room = "race-" + i;
                    // Alice's evidence is the earlier one in even instances, bob's in odd ones.
                    long alice = 1761741300L + (i % 2 == 0 ? 0 : 10);
                    long bob = 1761741300L + (i % 2 == 0 ? 10 : 0);
                    byte[] a = left("EV_a" + i, room, "alice", alice);
                    byte[] b = left("EV_b" + i, room, "bob", bob);
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<WebhookResult>> both = new ArrayList<>();
                    for (byte[] body : List.of(a, b)) {
                        both.add(pool.submit(() -> {
                            start.await();
                            return deliver(outcomes, body);
                        }));
                    }
                    for (Future<WebhookResult> f : both) {
                        WebhookResult result = f.get();
                        assertThat(result.status()).as(room + ": " + result).isEqualTo(WebhookResult.Status.PROCESSED);
                    }
                    String owner = i % 2 == 0 ? "alice" : "bob";
                    String other = i % 2 == 0 ? "bob" : "alice";
                    CallRecord call = store.findCallByRoom(owner, "RM_" + room, null).orElseThrow();
                    assertThat(call.id()).as(room).isEqualTo(CallRecord.idForInstance("RM_" + room));
                    assertThat(store.findCallEvents(owner, call.id())).as(room).extracting(StoredEvent::eventId)
                            .containsExactlyInAnyOrder("EV_a" + i, "EV_b" + i);
                    assertThat(call.ownership().contested()).as(room + ": " + call).isTrue();
                    assertThat(store.findCallByRoom(other, "RM_" + room, null)).as(room).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
