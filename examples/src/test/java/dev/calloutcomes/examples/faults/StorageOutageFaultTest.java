package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.testing.SyntheticCalls;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.junit.jupiter.api.Test;

/**
 * Fault 1: PostgreSQL becomes unreachable mid-run (a TCP proxy in front of it is cut). Webhooks get
 * 503 and never a 2xx for an event that was not committed; after recovery, redelivery stores the
 * rest. Counts are printed; lost must be 0.
 */
class StorageOutageFaultTest {
    static final int EVENTS = 1_500;

    @Test
    void noAcknowledgedEventIsLostAcrossADatabaseOutage() throws Exception {
        TestDatabases.POSTGRESQL.assumeReachable();
        String direct = TestDatabases.POSTGRESQL.freshUrl();
        InetSocketAddress postgres = TestDatabases.POSTGRESQL.address();
        try (TcpProxy proxy = new TcpProxy(postgres.getHostString(), postgres.getPort())) {
            String viaProxy = direct.replace("//" + postgres.getHostString() + ":" + postgres.getPort() + "/",
                    "//127.0.0.1:" + proxy.port() + "/") + "&connectTimeout=2&socketTimeout=10";
            try (DemoServer server = DemoServer.start(DemoSettingsAccess.serve(viaProxy, false))) {
                List<byte[]> events = new ArrayList<>();
                Random random = new Random(5);
                for (int n = 0; events.size() < EVENTS; n++) {
                    events.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1761741250L + n));
                }
                events.subList(EVENTS, events.size()).clear();
                Webhooks webhooks = new Webhooks(HttpClient.newHttpClient(), server.baseUrl());
                Set<String> acked = ConcurrentHashMap.newKeySet();
                AtomicInteger unavailable = new AtomicInteger();
                AtomicInteger other = new AtomicInteger();
                AtomicInteger sent = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                for (byte[] body : events) {
                    pool.submit(() -> {
                        int n = sent.incrementAndGet();
                        if (n == EVENTS / 3) {
                            proxy.cut();
                            new Thread(() -> {
                                sleep(1500);
                                proxy.restore();
                            }).start();
                        }
                        int status = webhooks.post(body);
                        if (status / 100 == 2) {
                            acked.add(Webhooks.eventId(body));
                        } else if (status == 503) {
                            unavailable.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    });
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
                int ackedFirstPass = acked.size();
                Set<String> storedAfterOutage = storedEventIds(direct);
                Set<String> lost = new HashSet<>(acked);
                lost.removeAll(storedAfterOutage);

                int redelivered = 0;
                for (int pass = 0; pass < 20 && acked.size() < EVENTS; pass++) {
                    for (byte[] body : events) {
                        if (!acked.contains(Webhooks.eventId(body))) {
                            redelivered++;
                            if (webhooks.post(body) / 100 == 2) {
                                acked.add(Webhooks.eventId(body));
                            }
                        }
                    }
                    sleep(500);
                }
                Set<String> stored = storedEventIds(direct);
                System.out.printf("storage outage: sent %d, acknowledged %d (first pass), 503 %d, other %d, stored after outage %d, "
                                + "lost %d; redelivered %d, stored %d%n", EVENTS, ackedFirstPass, unavailable.get(), other.get(),
                        storedAfterOutage.size(), lost.size(), redelivered, stored.size());
                assertThat(unavailable.get()).as("the outage was observed as 503s").isPositive();
                assertThat(other.get()).as("only 2xx or 503").isZero();
                assertThat(lost).as("acknowledged but not stored").isEmpty();
                assertThat(acked).hasSize(EVENTS);
                assertThat(stored).hasSize(EVENTS);
            }
        }
    }

    static Set<String> storedEventIds(String url) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"eventId\" FROM livekit_call_events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
