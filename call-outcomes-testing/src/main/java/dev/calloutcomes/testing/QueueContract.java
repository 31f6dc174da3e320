package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous mode's queue: stored first, claimed whole under a lease, retried with backoff, applied once by concurrent workers. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface QueueContract extends StoreUnderTest {
    @Test
    default void asynchronousModeStoresFirstAndWorkersApplyLater() {
        CallOutcomes outcomes = asyncService((change, tx) -> { });
        WebhookResult accepted = outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        assertThat(accepted.status()).isEqualTo(WebhookResult.Status.ACCEPTED);
        assertThat(outcomes.handle(unsigned(Fixtures.body("participant_left_busy"))).status()).isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(store().findEvent("EV_fxLeftBusy01").orElseThrow().status()).isEqualTo(EventStatus.PENDING);
        assertThat(store().findCallByRoom("acme", Fixtures.ROOM_SID, null)).isEmpty();

        assertThat(outcomes.workers(WorkerSettings.ofDefaults()).drain()).isEqualTo(1);
        assertThat(store().findEvent("EV_fxLeftBusy01").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(store().findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow().verdict().outcome()).isEqualTo(Outcome.BUSY);
    }

    @Test
    default void concurrentWorkersApplyEachEventOnce() throws Exception {
        ConcurrentHashMap<String, AtomicInteger> applied = new ConcurrentHashMap<>();
        CallOutcomes outcomes = asyncService((change, tx) ->
                applied.computeIfAbsent(change.event().id(), k -> new AtomicInteger()).incrementAndGet());
        List<byte[]> bodies = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            bodies.addAll(SyntheticCalls.call("acme", n, Outcome.COMPLETED, 1761741250L + n));
        }
        bodies.forEach(b -> outcomes.handle(unsigned(b)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            // The test clock advances a second per reading: a long lease keeps claims from expiring mid-run.
            done.add(pool.submit(() -> outcomes.workers(WorkerSettings.builder().batchSize(7)
                    .lease(Duration.ofDays(1)).build()).drain()));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        pool.shutdown();
        // Each event was claimed and handled by exactly one worker: a double claim would count it twice.
        assertThat(total).isEqualTo(bodies.size());
        // Listeners run at least once per event: a transaction the database aborts (a deadlock between two
        // workers' batches) is retried, and runs them again; only what they wrote through tx is exactly once.
        assertThat(applied).hasSize(bodies.size());
        assertThat(applied.values()).allMatch(n -> n.get() >= 1);
        assertThat(store().findEventsByStatus(EventStatus.PENDING, 1000)).isEmpty();
        // Batches that met each other's new calls (and were applied again one by one) still made one call per room.
        List<CallRecord> calls = store().queryCalls(CallQuery.forTenant("acme").withLimit(100)).items();
        assertThat(calls).hasSize(10).allMatch(c -> c.verdict().outcome() == Outcome.COMPLETED);
        assertThat(calls.stream().mapToInt(c -> store().findCallEvents("acme", c.id()).size()).sum()).isEqualTo(bodies.size());
    }

    @Test
    default void failingEventsAreRetriedWithBackoffThenKeptAsFailed() {
        AtomicInteger attempts = new AtomicInteger();
        CallOutcomes outcomes = asyncService((change, tx) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("host database is read-only");
        });
        outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        EventWorkers slow = outcomes.workers(WorkerSettings.builder()
                .retry(new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(2))).build());
        assertThat(slow.runOnce()).isEqualTo(1);
        StoredEvent retrying = store().findEvent("EV_fxLeftBusy01").orElseThrow();
        assertThat(retrying.status()).isEqualTo(EventStatus.PENDING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.error()).contains("read-only");
        assertThat(slow.runOnce()).as("not due before its backoff").isZero();

        outcomes.handle(unsigned(Fixtures.body("participant_left_no_answer")));
        EventWorkers eager = outcomes.workers(WorkerSettings.builder()
                .retry(new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).build());
        eager.drain();
        StoredEvent dead = store().findEvent("EV_fxLeftNoAns1").orElseThrow();
        assertThat(dead.status()).isEqualTo(EventStatus.FAILED);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.error()).contains("read-only");
        assertThat(attempts.get()).isEqualTo(1 + 3);
        assertThat(store().findEvent("EV_fxLeftBusy01").orElseThrow().status()).as("still waiting out its backoff")
                .isEqualTo(EventStatus.PENDING);
        assertThat(store().findCallByRoom("acme", Fixtures.ROOM_SID, null)).as("every attempt rolled back").isEmpty();
    }

    @Test
    default void claimsLeaseDuePendingEventsWholeUpToTheLimit() {
        for (int i = 0; i < 5; i++) {
            inserted(event("C" + i, null, "RM", "room"));
        }
        inserted(new StoredEvent("CF", null, null, "room_started", "RM", "room", EventStatus.FAILED, "bad", "{}", T0, T0, 1));
        Instant now = T0.plusSeconds(100);
        List<StoredEvent> first = store().claimPendingEvents(3, now, now.plusSeconds(30));
        List<StoredEvent> second = store().claimPendingEvents(3, now, now.plusSeconds(30));
        assertThat(first).hasSize(3).allSatisfy(e -> assertThat(e.payload()).isEqualTo(event(e.eventId(), null, "RM", "room").payload()));
        assertThat(second).hasSize(2);
        assertThat(Stream.concat(first.stream(), second.stream()).map(StoredEvent::eventId))
                .containsExactlyInAnyOrder("C0", "C1", "C2", "C3", "C4");
        assertThat(store().claimPendingEvents(3, now.plusSeconds(29), now.plusSeconds(60))).as("still leased").isEmpty();
        assertThat(store().claimPendingEvents(10, now.plusSeconds(31), now.plusSeconds(60))).as("lease over").hasSize(5);
    }

    @Test
    default void eventsClaimedByACrashedWorkerAreClaimedAgainAfterTheLease() {
        CallOutcomes outcomes = asyncService((change, tx) -> { });
        outcomes.handle(unsigned(Fixtures.body("participant_left_no_answer")));
        Instant now = clock().instant();
        assertThat(store().claimPendingEvents(10, now, now.plusSeconds(30))).hasSize(1);
        assertThat(store().claimPendingEvents(10, now, now.plusSeconds(30))).as("leased").isEmpty();
        EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults());
        int handled = 0;
        for (int i = 0; i < 60 && handled == 0; i++) {
            handled = workers.runOnce();
        }
        assertThat(handled).isEqualTo(1);
        assertThat(store().findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow().verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
    }

    private CallOutcomes asyncService(OutcomeListener listener) {
        return CallOutcomes.builder().store(store()).clock(clock()).defaultTenant("acme").asynchronous(true)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener(listener).build();
    }
}
