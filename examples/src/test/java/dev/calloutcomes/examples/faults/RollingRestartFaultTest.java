package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.testing.SyntheticCalls;
import java.io.File;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28: two instances of the demo server (separate JVMs on one PostgreSQL database) behind HAProxy are restarted
 * in turn (SIGTERM, then started again) while LiveKit delivers as its notifier does. Nothing is lost, nothing stored
 * twice, every call ends as without the restarts. HAProxy from Debian's packages: {@code .ci/run} installs it; outside
 * CI the test skips, visibly, without it.
 */
class RollingRestartFaultTest {
    private static final int CALLS = 60;

    @TempDir
    Path dir;

    @Test
    void restartingTwoInstancesInTurnBehindHaproxyLosesNothing() throws Exception {
        Path haproxy = haproxy();
        TestDatabases.POSTGRESQL.assumeReachable();
        String url = TestDatabases.POSTGRESQL.freshUrl();
        int front = freePort();
        int[] ports = {freePort(), freePort()};
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global", "  maxconn 256",
                "defaults", "  mode http", "  timeout connect 1s", "  timeout client 30s", "  timeout server 30s",
                "  retries 3", "  option redispatch", "  option http-buffer-request",
                "  retry-on conn-failure empty-response response-timeout 503",
                "frontend webhooks", "  bind 127.0.0.1:" + front, "  default_backend demo",
                "backend demo", "  balance roundrobin", "  option httpchk GET /api/webhooks/call_completed/health",
                "  http-check expect status 200",
                "  server a 127.0.0.1:" + ports[0] + " check inter 300ms fall 1 rise 2",
                "  server b 127.0.0.1:" + ports[1] + " check inter 300ms fall 1 rise 2", ""));
        List<List<byte[]>> calls = new ArrayList<>();
        Random random = new Random(29);
        for (int n = 0; n < CALLS; n++) {
            calls.add(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1_796_000_000L + 60L * n));
        }
        HttpClient http = HttpClient.newHttpClient();
        Process[] servers = {start(ports[0], url, "a"), start(ports[1], url, "b")};
        Process balancer = null;
        try {
            for (int port : ports) {
                CrashFaultTest.awaitHealthy(http, "http://127.0.0.1:" + port + "/api");
            }
            balancer = new ProcessBuilder(haproxy.toString(), "-f", config.toString(), "-db").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            CrashFaultTest.awaitHealthy(http, "http://127.0.0.1:" + front + "/api");
            List<String> restarts = new ArrayList<>();
            Thread restarter = new Thread(() -> {
                try {
                    for (int i = 0; i < servers.length; i++) {
                        StorageOutageFaultTest.sleep(6_000);
                        long stopping = System.nanoTime();
                        servers[i].destroy();   // SIGTERM: Jetty stops, the shutdown hook closes the store
                        servers[i].waitFor();
                        servers[i] = start(ports[i], url, i == 0 ? "a" : "b");
                        CrashFaultTest.awaitHealthy(http, "http://127.0.0.1:" + ports[i] + "/api");
                        restarts.add((i == 0 ? "a" : "b") + " " + Duration.ofNanos(System.nanoTime() - stopping).toMillis() + " ms");
                    }
                } catch (Exception e) {
                    restarts.add("failed: " + e);
                }
            }, "restarter");
            try (LiveKitNotifier liveKit = new LiveKitNotifier(new Webhooks(http, "http://127.0.0.1:" + front + "/api"))) {
                restarter.start();
                liveKit.deliverAsCallsGoOn(calls, 500);
                restarter.join();
                assertThat(liveKit.awaitIdle(Duration.ofMinutes(2))).as("LiveKit's queues drained").isTrue();
                Set<String> sent = calls.stream().flatMap(List::stream).map(Webhooks::eventId).collect(Collectors.toSet());
                Set<String> stored = StorageOutageFaultTest.storedEventIds(url);
                Set<String> lost = new HashSet<>(liveKit.acknowledged);
                lost.removeAll(stored);
                Map<String, String> expected = SpoolOutageFaultTest.withoutOutage(calls);
                Map<String, String> outcomes = SpoolOutageFaultTest.outcomesByRoom(url);
                long wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(outcomes.get(e.getKey()))).count();
                System.out.printf("rolling restart behind HAProxy (%s): sent %d, acknowledged %d, dropped by LiveKit %d, attempts %d "
                                + "(retries %d), stored %d, lost %d, wrong outcomes %d of %d calls%n", String.join(", ", restarts),
                        sent.size(), liveKit.acknowledged.size(), liveKit.dropped.size(), liveKit.attempts.get(), liveKit.retried.get(),
                        stored.size(), lost.size(), wrong, CALLS);
                assertThat(restarts).as("both instances restarted").hasSize(2).noneMatch(r -> r.startsWith("failed"));
                assertThat(liveKit.dropped).as("LiveKit dropped nothing").isEmpty();
                assertThat(lost).as("acknowledged but not stored").isEmpty();
                assertThat(stored).as("every webhook stored, once").isEqualTo(sent);
                assertThat(outcomes).as("every call as without the restarts").isEqualTo(expected);
            }
        } finally {
            if (balancer != null) {
                balancer.destroyForcibly().waitFor();
            }
            for (Process server : servers) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** HAProxy on the PATH (Debian's package puts it in /usr/sbin); skipped without it, failed under CI=true. */
    private static Path haproxy() {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/usr/local/sbin")).map(d -> Path.of(d, "haproxy")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("HAProxy is missing and CI=true: .ci/run installs it (apt-get install haproxy)");
            }
            Assumptions.abort("HAProxy is not installed (apt-get install haproxy): the rolling-restart test is skipped");
        }
        return found.get();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process start(int port, String url, String name) throws Exception {
        List<String> command = List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.calloutcomes.examples.DemoServer", "serve", "--port", Integer.toString(port),
                "--jdbc-url", url);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server-" + name + ".log").toFile())).start();
    }
}
