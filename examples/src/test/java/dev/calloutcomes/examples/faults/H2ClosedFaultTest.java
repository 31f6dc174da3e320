package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.testing.SyntheticCalls;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An H2 file database closed under the server mid-run (as H2 closes itself after a fatal error): every webhook answered
 * 2xx is in the database afterwards, the others got 503 (LiveKit retries them), none got a 500 and none a 2xx that
 * was not stored. Counts are printed.
 */
class H2ClosedFaultTest {
    static final int EVENTS = 600;

    @Test
    void aDatabaseClosedMidRunNeverCostsAnAcknowledgedWebhook() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("h2-closed") + "/call-outcomes";
        List<byte[]> events = new ArrayList<>();
        for (int n = 0; events.size() < EVENTS; n++) {
            events.addAll(SyntheticCalls.call("acme", 7000 + n, Outcome.COMPLETED, 1761741250L + n));
        }
        events.subList(EVENTS, events.size()).clear();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (DemoServer server = DemoServer.start(DemoSettingsAccess.serve(url, false))) {
            Webhooks webhooks = new Webhooks(HttpClient.newHttpClient(), server.baseUrl());
            AtomicInteger sent = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (byte[] body : events) {
                pool.submit(() -> {
                    if (sent.incrementAndGet() == EVENTS / 2) {
                        // The same JVM opens the same embedded database: close it under the server's pool.
                        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                            s.execute("SHUTDOWN IMMEDIATELY");
                        } catch (Exception e) {
                            // closing it is the point; its own connection fails with it
                        }
                    }
                    int status = webhooks.post(body);
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (status / 100 == 2) {
                        acked.add(Webhooks.eventId(body));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"eventId\" FROM \"livekit_call_events\"")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored);
        System.out.printf("h2 closed mid-run: sent %d, by status %s, acknowledged %d, stored %d, lost %d%n", EVENTS,
                new TreeMap<>(statuses), acked.size(), stored.size(), lost.size());
        assertThat(statuses.keySet()).as("only 2xx and 503 (LiveKit retries); never a 500").isSubsetOf(200, 202, 503);
        assertThat(lost).as("acknowledged but not stored").isEmpty();
        assertThat(acked.size()).as("the server went on after H2 reopened").isGreaterThan(EVENTS / 2);
    }
}
