package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.testing.SyntheticCalls;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28: the demo server, a separate JVM, takes webhooks into its spool while PostgreSQL is cut, and is killed
 * with SIGKILL while the spool holds them. Restarted on the same spool directory with the database back, it forwards
 * every one of them.
 */
class SpoolCrashFaultTest {
    private static final int EVENTS = 300;

    @TempDir
    Path spoolDir;

    @Test
    void whatASpoolHoldsSurvivesKillMinus9AndReachesTheDatabase() throws Exception {
        TestDatabases.POSTGRESQL.assumeReachable();
        String direct = TestDatabases.POSTGRESQL.freshUrl();
        InetSocketAddress postgres = TestDatabases.POSTGRESQL.address();
        List<byte[]> events = new ArrayList<>();
        Random random = new Random(11);
        for (int n = 0; events.size() < EVENTS; n++) {
            events.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1_795_000_000L + n));
        }
        events.subList(EVENTS, events.size()).clear();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TcpProxy proxy = new TcpProxy(postgres.getHostString(), postgres.getPort())) {
            String viaProxy = direct.replace("//" + postgres.getHostString() + ":" + postgres.getPort() + "/",
                    "//127.0.0.1:" + proxy.port() + "/") + "&connectTimeout=2&socketTimeout=10";
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api";
            Process server = start(port, viaProxy);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            try {
                CrashFaultTest.awaitHealthy(http, base);
                proxy.cut();
                Webhooks webhooks = new Webhooks(http, base);
                ExecutorService pool = Executors.newFixedThreadPool(8);
                for (byte[] body : events) {
                    pool.submit(() -> {
                        if (webhooks.post(body) / 100 == 2) {
                            acked.add(Webhooks.eventId(body));
                        }
                    });
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            } finally {
                server.destroyForcibly().waitFor();
            }
            Set<String> storedBeforeRestart = StorageOutageFaultTest.storedEventIds(direct);
            proxy.restore();
            Process restarted = start(port, viaProxy);
            try {
                CrashFaultTest.awaitHealthy(http, base);
                Set<String> missing = new HashSet<>(acked);
                Set<String> stored = Set.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline) {
                    stored = StorageOutageFaultTest.storedEventIds(direct);
                    missing = new HashSet<>(acked);
                    missing.removeAll(stored);
                    if (missing.isEmpty()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                System.out.printf("spool crash: sent %d, acknowledged into the spool %d, in the database before the restart %d, "
                        + "after it %d, lost %d%n", EVENTS, acked.size(), storedBeforeRestart.size(), stored.size(), missing.size());
                assertThat(acked).as("the spool took every webhook while the database was cut").hasSize(EVENTS);
                assertThat(storedBeforeRestart).as("none reached the database before the kill").isEmpty();
                assertThat(missing).as("acknowledged but lost").isEmpty();
                assertThat(stored).hasSize(EVENTS);
            } finally {
                restarted.destroyForcibly().waitFor();
            }
        }
    }

    private Process start(int port, String url) throws Exception {
        List<String> command = List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.calloutcomes.examples.DemoServer", "serve", "--port", Integer.toString(port),
                "--jdbc-url", url, "--spool-dir", spoolDir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "spool-crash-server.log")).start();
    }
}
