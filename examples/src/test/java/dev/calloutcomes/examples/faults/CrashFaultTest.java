package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.testing.SyntheticCalls;
import java.io.File;
import java.nio.file.Files;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fault 2: the demo server, a separate JVM on PostgreSQL, is killed with SIGKILL while under load.
 * After a restart, every event that was answered 2xx is stored (synchronous mode) or processed
 * eventually (asynchronous mode). Counts are printed.
 */
class CrashFaultTest {
    static final int EVENTS = 2_000;

    @ParameterizedTest(name = "{0}, async={1}")
    @CsvSource({"POSTGRESQL, false", "POSTGRESQL, true", "H2, false"})
    void everyAcknowledgedEventSurvivesKillMinus9(TestDatabases db, boolean async) throws Exception {
        // H2: a file database (the demo's default), which the test reads only while no server holds it.
        String url = db == TestDatabases.H2 ? "jdbc:h2:file:" + Files.createTempDirectory("crash-h2") + "/call-outcomes" : freshUrl(db);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<byte[]> events = new ArrayList<>();
        Random random = new Random(9);
        for (int n = 0; events.size() < EVENTS; n++) {
            events.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1761741250L + n));
        }
        events.subList(EVENTS, events.size()).clear();

        Process server = start(port, url, async);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/api";
        awaitHealthy(http, base);
        Webhooks webhooks = new Webhooks(http, base);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (byte[] body : events) {
            pool.submit(() -> {
                if (sent.incrementAndGet() == EVENTS / 2) {
                    server.destroyForcibly();
                }
                if (webhooks.post(body) / 100 == 2) {
                    acked.add(Webhooks.eventId(body));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        server.waitFor();

        Process restarted = start(port, url, async);
        try {
            awaitHealthy(http, base);
            if (db == TestDatabases.H2) {
                // Restarted and healthy: H2 has recovered its file. Stop the server so that the file can be read here.
                restarted.destroyForcibly().waitFor();
            }
            Set<String> stored = Set.of();
            Set<String> missing = new HashSet<>(acked);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                stored = eventIds(db, url, async ? "processed" : null);
                missing = new HashSet<>(acked);
                missing.removeAll(stored);
                if (missing.isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            }
            System.out.printf("crash (%s, async=%s): sent %d, acknowledged %d (the server was killed after %d), %s %d, lost %d%n", db, async,
                    sent.get(), acked.size(), EVENTS / 2, async ? "processed after restart" : "stored", stored.size(), missing.size());
            assertThat(acked.size()).as("the kill happened mid-run").isBetween(1, EVENTS - 1);
            assertThat(missing).as("acknowledged but lost").isEmpty();
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    private static Process start(int port, String url, boolean async) throws Exception {
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.calloutcomes.examples.DemoServer", "serve",
                "--port", Integer.toString(port), "--jdbc-url", url));
        if (async) {
            command.add("--async");
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "crash-fault-server.log")).start();
    }

    /** Waits until the demo server at {@code base} answers its health check (60 s at most). */
    static void awaitHealthy(HttpClient http, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo server did not become healthy");
    }

    private static String freshUrl(TestDatabases db) {
        db.assumeReachable();
        return db.freshUrl();
    }

    private static Set<String> eventIds(TestDatabases db, String url, String status) throws Exception {
        Set<String> ids = new HashSet<>();
        String table = db == TestDatabases.H2 ? "\"livekit_call_events\"" : "livekit_call_events";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"eventId\" FROM " + table
                     + (status == null ? "" : " WHERE status = '" + status + "'"))) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
