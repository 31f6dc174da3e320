package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 28: PostgreSQL is cut for 30 s (a failover's typical length) while calls go on, and LiveKit delivers as its
 * notifier does (per-room queues, five attempts over 15 s, an event queued 30 s dropped). With a spool on the demo
 * server's disk, nothing is lost: every webhook is acknowledged, every one reaches the database once the cut ends,
 * and every call ends as it does in a run without the outage. Figures are printed.
 */
class SpoolOutageFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLS = 60;
    /** The cut: 30 s in the normal suite; {@code -Doutage.seconds=180} for three minutes (BENCHMARKS.md). */
    private static final Duration CUT = Duration.ofSeconds(Long.getLong("outage.seconds", 30));

    @TempDir
    Path spoolDir;

    @ParameterizedTest(name = "asynchronous={0}")
    @ValueSource(booleans = {false, true})
    void aThirtySecondDatabaseCutLosesNoWebhookAndNoOutcome(boolean asynchronous) throws Exception {
        TestDatabases.POSTGRESQL.assumeReachable();
        String direct = TestDatabases.POSTGRESQL.freshUrl();
        InetSocketAddress postgres = TestDatabases.POSTGRESQL.address();
        List<List<byte[]>> calls = new ArrayList<>();
        Random random = new Random(28);
        for (int n = 0; n < CALLS; n++) {
            calls.add(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1_795_000_000L + 60L * n));
        }
        try (TcpProxy proxy = new TcpProxy(postgres.getHostString(), postgres.getPort())) {
            String viaProxy = direct.replace("//" + postgres.getHostString() + ":" + postgres.getPort() + "/",
                    "//127.0.0.1:" + proxy.port() + "/") + "&connectTimeout=2&socketTimeout=10";
            Map<String, String> env = Map.of("CALL_OUTCOMES_SPOOL_DIR", spoolDir.toString());
            try (DemoServer server = DemoServer.start(DemoSettingsAccess.serve(viaProxy, asynchronous, env));
                 LiveKitNotifier liveKit = new LiveKitNotifier(new Webhooks(HttpClient.newHttpClient(), server.baseUrl()))) {
                HttpClient http = HttpClient.newHttpClient();
                AtomicLong mostSpooled = new AtomicLong();
                AtomicBoolean degradedSeen = new AtomicBoolean();
                // Calls start a step apart, each call's events two steps apart, over the whole cut; the cut starts 4 s in.
                int longest = calls.stream().mapToInt(List::size).max().orElse(0);
                long stepMillis = Math.max(500, (CUT.toMillis() + 6_000) / (CALLS + 2L * longest));
                Thread cutter = new Thread(() -> {
                    StorageOutageFaultTest.sleep(4_000);
                    proxy.cut();
                    long until = System.nanoTime() + CUT.toNanos();
                    while (System.nanoTime() < until) {
                        JsonNode health = health(http, server.baseUrl());
                        if (health != null && "DEGRADED".equals(health.path("status").asText())) {
                            degradedSeen.set(true);
                            mostSpooled.accumulateAndGet(health.at("/components/spool/details/events").asLong(), Math::max);
                        }
                        StorageOutageFaultTest.sleep(1_000);
                    }
                    proxy.restore();
                }, "cutter");
                cutter.start();
                liveKit.deliverAsCallsGoOn(calls, stepMillis);
                cutter.join();
                assertThat(liveKit.awaitIdle(Duration.ofMinutes(2))).as("LiveKit's queues drained").isTrue();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                JsonNode health;
                do {
                    StorageOutageFaultTest.sleep(500);
                    health = health(http, server.baseUrl());
                } while (System.nanoTime() < deadline && (health == null || !"UP".equals(health.path("status").asText())
                        || health.at("/components/spool/details/events").asLong() > 0));
                server.awaitProcessed(Duration.ofMinutes(2));

                Set<String> sent = calls.stream().flatMap(List::stream).map(Webhooks::eventId).collect(Collectors.toSet());
                Set<String> stored = StorageOutageFaultTest.storedEventIds(direct);
                Set<String> lost = new HashSet<>(sent);
                lost.removeAll(stored);
                Map<String, String> expected = withoutOutage(calls);
                Map<String, String> outcomes = outcomesByRoom(direct);
                long wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(outcomes.get(e.getKey()))).count();
                System.out.printf("spool outage (%s, %d s cut): sent %d, acknowledged %d, dropped by LiveKit %d, attempts %d "
                                + "(retries %d), most spooled %d, stored %d, lost %d, wrong outcomes %d of %d calls%n",
                        asynchronous ? "asynchronous" : "synchronous", CUT.toSeconds(), sent.size(), liveKit.acknowledged.size(),
                        liveKit.dropped.size(), liveKit.attempts.get(), liveKit.retried.get(), mostSpooled.get(), stored.size(),
                        lost.size(), wrong, CALLS);
                assertThat(degradedSeen).as("health said DEGRADED while the spool held webhooks").isTrue();
                assertThat(mostSpooled.get()).as("the cut sent webhooks to the spool").isPositive();
                assertThat(liveKit.dropped).as("LiveKit dropped nothing").isEmpty();
                assertThat(liveKit.acknowledged).isEqualTo(sent);
                assertThat(lost).as("every webhook reached the database").isEmpty();
                assertThat(stored).as("each stored once").hasSize(sent.size());
                assertThat(outcomes).as("every call as in a run without the outage").isEqualTo(expected);
                assertThat(health.path("status").asText()).isEqualTo("UP");
            }
        }
    }

    /** Each call's status and outcome by room sid, as the same webhooks give them with no outage. */
    static Map<String, String> withoutOutage(List<List<byte[]>> calls) {
        OutcomeStore store = OutcomeStore.inMemory();
        CallOutcomes outcomes = CallOutcomes.builder().store(store).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        calls.forEach(call -> call.forEach(body -> outcomes.handle(WebhookRequest.ofSingle(Map.of(), body))));
        return store.queryCalls(CallQuery.forTenant("acme").withLimit(CallQuery.MAX_LIMIT)).items().stream()
                .collect(Collectors.toMap(c -> c.room().sid(), c -> c.status().wireName() + "/" + c.verdict().outcome()));
    }

    static Map<String, String> outcomesByRoom(String url) throws Exception {
        Map<String, String> byRoom = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"livekitRoomSid\", \"status\", \"outcome\" FROM call_logs")) {
            while (rs.next()) {
                byRoom.put(rs.getString(1), rs.getString(2) + "/" + (rs.getString(3) == null ? null : rs.getString(3).toUpperCase()));
            }
        }
        return byRoom;
    }

    private static JsonNode health(HttpClient http, String base) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
