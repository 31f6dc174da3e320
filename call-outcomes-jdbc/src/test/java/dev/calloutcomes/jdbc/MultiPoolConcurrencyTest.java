package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several stores with separate pools (as several JVMs would have) × 8 threads deliver the same
 * events, each several times, in random order: each event is stored once and every call's record
 * equals that of a single-threaded run: exactly {@code calloutcomes.concurrency.events} distinct
 * events (default 5,000), each delivered 3 times.
 */
class MultiPoolConcurrencyTest {
    static final int EVENTS = Integer.getInteger("calloutcomes.concurrency.events", 5_000);
    static final int STORES = 4;
    static final int THREADS_PER_STORE = 8;
    static final int COPIES = 3;

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = {"POSTGRESQL", "MARIADB"})
    void severalPoolsStoreEachEventOnceAndAgreeWithASingleThreadedRun(TestDatabases db) throws Exception {
        db.assumeReachable();
        Random random = new Random(42);
        List<byte[]> events = new ArrayList<>();
        for (int n = 0; events.size() < EVENTS; n++) {
            events.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1761741250L + n));
        }
        events.subList(EVENTS, events.size()).clear();
        List<byte[]> deliveries = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            deliveries.addAll(events);
        }
        Collections.shuffle(deliveries, random);

        try (HikariDataSource first = db.freshDataSource(THREADS_PER_STORE)) {
            Migrations.of(first).upgrade();
            List<HikariDataSource> pools = new ArrayList<>(List.of(first));
            for (int s = 1; s < STORES; s++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(first.getJdbcUrl());
                config.setMaximumPoolSize(THREADS_PER_STORE);
                pools.add(new HikariDataSource(config));
            }
            ExecutorService executor = Executors.newFixedThreadPool(STORES * THREADS_PER_STORE);
            AtomicInteger next = new AtomicInteger();
            List<Future<int[]>> futures = new ArrayList<>();
            for (HikariDataSource pool : pools) {
                CallOutcomes outcomes = CallOutcomes.builder().defaultTenant("acme")
                        .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                        .store(JdbcOutcomeStore.builder().dataSource(pool).migrate(false).build()).build();
                for (int t = 0; t < THREADS_PER_STORE; t++) {
                    futures.add(executor.submit(() -> {
                        int[] counts = new int[2];
                        for (int i; (i = next.getAndIncrement()) < deliveries.size(); ) {
                            WebhookResult r = outcomes.handle(WebhookRequest.ofSingle(Map.of(), deliveries.get(i)));
                            counts[r.status() == WebhookResult.Status.PROCESSED ? 0 : 1]++;
                        }
                        return counts;
                    }));
                }
            }
            int processed = 0;
            int duplicates = 0;
            for (Future<int[]> f : futures) {
                processed += f.get()[0];
                duplicates += f.get()[1];
            }
            executor.shutdown();
            System.out.printf("%s: %d stores x %d threads delivered %d (%d distinct): processed %d, duplicate %d%n",
                    db, STORES, THREADS_PER_STORE, deliveries.size(), events.size(), processed, duplicates);
            assertThat(processed).isEqualTo(events.size());
            assertThat(duplicates).isEqualTo((COPIES - 1) * events.size());
            try (Connection c = first.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT " + db.quote("eventId") + ") FROM "
                         + db.quote("livekit_call_events"))) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(events.size());
                assertThat(rs.getInt(2)).isEqualTo(events.size());
            }

            OutcomeStore reference = OutcomeStore.inMemory(Clock.systemUTC());
            CallOutcomes single = CallOutcomes.builder().store(reference).defaultTenant("acme")
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            events.forEach(b -> single.handle(WebhookRequest.ofSingle(Map.of(), b)));
            JdbcOutcomeStore check = JdbcOutcomeStore.builder().dataSource(first).migrate(false).build();
            int compared = 0;
            CallQuery query = CallQuery.forTenant("acme").withLimit(CallQuery.MAX_LIMIT);
            for (dev.calloutcomes.query.CallPage page = reference.queryCalls(query); ; page = reference.queryCalls(query)) {
                for (CallRecord want : page.items()) {
                    assertThat(check.findCall("acme", want.id())).get()
                            .extracting(c -> c.withTimestamps(null, null)).isEqualTo(want.withTimestamps(null, null));
                    compared++;
                }
                if (page.next() == null) {
                    break;
                }
                query = query.withCursor(page.next());
            }
            System.out.printf("%s: %d calls compared with a single-threaded run%n", db, compared);
            assertThat(compared).isGreaterThan(EVENTS / 7);
            pools.subList(1, pools.size()).forEach(HikariDataSource::close);
        }
    }
}
