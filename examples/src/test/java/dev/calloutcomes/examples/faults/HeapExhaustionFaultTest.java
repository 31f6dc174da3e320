package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the second security review: one tenant fills registrations with as much metadata as it may and reads
 * its largest pages over and over, from many connections, against the demo server in a JVM of its own with a 256 MiB
 * heap on an H2 file database. Another tenant's webhooks go on meanwhile: every one is answered 2xx, none is lost
 * (the server is then killed and the database read), and the server never runs out of memory. Counts are printed.
 */
class HeapExhaustionFaultTest {
    static final String API_JWT_SECRET = "demo-api-jwt-secret-change-me-0123456789";
    static final int REGISTRATIONS = 500;
    static final int READERS = 12;
    static final int VICTIM_CALLS = 30;

    @Test
    void oneTenantsLargestPagesNeverCostAnotherTenantsWebhooks() throws Exception {
        Path dir = Files.createTempDirectory("heap-h2");
        String url = "jdbc:h2:file:" + dir + "/call-outcomes";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File log = dir.resolve("server.log").toFile();
        Process server = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "dev.calloutcomes.examples.DemoServer",
                "serve", "--port", Integer.toString(port), "--jdbc-url", url, "--api-rate-limit", "100000")
                .redirectErrorStream(true).redirectOutput(log).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port + "/api";
        try {
            CrashFaultTest.awaitHealthy(http, base);
            String token = "Bearer " + WebhookSigner.tenantToken(API_JWT_SECRET, "hog", Clock.systemUTC(), Duration.ofHours(1));
            String metadata = bigMetadata();
            ExecutorService registrations = Executors.newFixedThreadPool(8);
            AtomicInteger registered = new AtomicInteger();
            for (int i = 0; i < REGISTRATIONS; i++) {
                String body = "{\"roomName\":\"room-hog-" + i + "\",\"metadata\":" + metadata + "}";
                registrations.submit(() -> {
                    if (send(http, HttpRequest.newBuilder(URI.create(base + "/calls")).header("Authorization", token)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))) == 201) {
                        registered.incrementAndGet();
                    }
                });
            }
            registrations.shutdown();
            assertThat(registrations.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(registered.get()).as("registrations taken").isEqualTo(REGISTRATIONS);

            AtomicBoolean reading = new AtomicBoolean(true);
            Map<Integer, AtomicInteger> readStatuses = new ConcurrentHashMap<>();
            ExecutorService readers = Executors.newFixedThreadPool(READERS);
            for (int r = 0; r < READERS; r++) {
                readers.submit(() -> {
                    while (reading.get()) {
                        int status = send(http, HttpRequest.newBuilder(URI.create(base + "/calls?limit=500")).header("Authorization", token));
                        readStatuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
            Thread.sleep(2000);
            Webhooks webhooks = new Webhooks(http, base);
            Set<String> sent = new HashSet<>();
            Map<Integer, AtomicInteger> webhookStatuses = new ConcurrentHashMap<>();
            for (int n = 0; n < VICTIM_CALLS; n++) {
                for (byte[] event : SyntheticCalls.call("victim", 5000 + n, Outcome.COMPLETED, 1761741250L)) {
                    int status = webhooks.post(event);
                    webhookStatuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    sent.add(Webhooks.eventId(event));
                }
            }
            reading.set(false);
            readers.shutdown();
            assertThat(readers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            System.out.printf("heap: %d registrations of %d KiB metadata; hog's reads by status %s; victim's %d webhooks by status %s%n",
                    registered.get(), metadata.length() / 1024, readStatuses, sent.size(), webhookStatuses);
            assertThat(server.isAlive()).as("the server is alive (it exits on OutOfMemoryError); see " + log).isTrue();
            assertThat(webhookStatuses.keySet()).as("the victim's webhooks, by status").containsExactly(200);
            assertThat(readStatuses.getOrDefault(200, new AtomicInteger()).get()).as("the hog's pages were served").isPositive();
            assertThat(readStatuses.keySet()).as("the hog is refused (429, 503), never failed").isSubsetOf(200, 429, 503);
            assertThat(Files.readString(log.toPath())).doesNotContain("OutOfMemoryError");

            server.destroyForcibly().waitFor();
            Set<String> stored = new HashSet<>();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"eventId\" FROM \"livekit_call_events\" WHERE \"userId\" = 'victim'")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            Set<String> lost = new HashSet<>(sent);
            lost.removeAll(stored);
            System.out.printf("heap: victim's webhooks acknowledged %d, stored after kill -9 %d, lost %d%n", sent.size(), stored.size(),
                    lost.size());
            assertThat(lost).as("acknowledged but lost").isEmpty();
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    /** Registration metadata as large as a registration may hold: many small keys (a tree of many nodes once parsed). */
    private static String bigMetadata() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; json.length() < 16 * 1024 - 16; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i % 10);
        }
        return json.append('}').toString();
    }

    private static int send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
