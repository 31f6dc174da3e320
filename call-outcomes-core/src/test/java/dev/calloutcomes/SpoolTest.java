package dev.calloutcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.testing.FlakyStore;
import dev.calloutcomes.testing.SettableClock;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spool: while the store is down, authentic webhooks wait in a second store and are acknowledged; forwarding moves
 * them in once the store answers, each stored once, every call ending as it would have without the outage.
 */
class SpoolTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T20:00:00Z"));

    private CallOutcomes outcomes(OutcomeStore store, OutcomeStore spool, boolean asynchronous, int maxEvents) {
        return CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme").asynchronous(asynchronous)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                .spool(spool, maxEvents, Duration.ofHours(1)).build();
    }

    private static WebhookResult send(CallOutcomes outcomes, byte[] body) {
        return outcomes.handle(WebhookRequest.ofSingle(Map.of(), body));
    }

    /** 40 calls' webhooks, shuffled the same way every run. */
    private static List<byte[]> webhooks() {
        Random random = new Random(7);
        List<byte[]> all = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            all.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1_795_000_000L + n));
        }
        Collections.shuffle(all, random);
        return all;
    }

    private static Map<String, String> outcomesByRoom(OutcomeStore store) {
        return store.queryCalls(CallQuery.forTenant("acme").withLimit(CallQuery.MAX_LIMIT)).items().stream()
                .collect(Collectors.toMap(c -> c.room().sid(), c -> c.status() + "/" + c.verdict().outcome()));
    }

    @ParameterizedTest(name = "asynchronous={0}")
    @ValueSource(booleans = {false, true})
    void anOutageLosesNothingAndEveryCallEndsAsWithoutIt(boolean asynchronous) {
        List<byte[]> webhooks = webhooks();
        OutcomeStore reference = OutcomeStore.inMemory(clock);
        CallOutcomes calm = outcomes(reference, OutcomeStore.inMemory(clock), false, 10_000);
        webhooks.forEach(body -> send(calm, body));

        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        OutcomeStore spool = OutcomeStore.inMemory(clock);
        CallOutcomes outcomes = outcomes(store, spool, asynchronous, 10_000);
        int third = webhooks.size() / 3;
        webhooks.subList(0, third).forEach(body -> send(outcomes, body));
        store.setDown(true);
        List<WebhookResult> during = webhooks.subList(third, 2 * third).stream().map(body -> send(outcomes, body)).toList();
        assertThat(during).extracting(WebhookResult::status).containsOnly(WebhookResult.Status.SPOOLED);
        CallMaintenance maintenance = outcomes.maintenance();
        assertThat(maintenance.spooledEvents()).isEqualTo(third);
        assertThat(maintenance.forwardSpool(100)).as("nothing moves while the store is down").isZero();
        assertThat(maintenance.sweepStuckCalls(Duration.ofMinutes(5), 100)).as("no sweep while the spool holds webhooks").isZero();
        // LiveKit retried some of what we spooled, and the store came back before the spool was forwarded.
        store.setDown(false);
        webhooks.subList(third, third + 10).forEach(body -> send(outcomes, body));
        webhooks.subList(2 * third, webhooks.size()).forEach(body -> send(outcomes, body));
        // The store failed moments ago: webhooks go straight to the spool until forwarding finds it back.
        assertThat(maintenance.spooledEvents()).isEqualTo(webhooks.size() - third);
        long spooled = maintenance.spooledEvents();
        int moved = 0;
        for (int round; (round = maintenance.forwardSpool(7)) > 0; ) {
            moved += round;
        }
        assertThat(moved).isEqualTo(spooled);
        assertThat(send(outcomes, webhooks.get(0)).status()).as("the store takes webhooks again").isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(maintenance.spooledEvents()).isZero();
        assertThat(maintenance.oldestSpooled()).isEmpty();
        assertThat(spool.findEventsByStatus(EventStatus.PENDING, 10)).isEmpty();
        if (asynchronous) {
            try (EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                while (workers.runOnce() > 0) {
                    // drain
                }
            }
        }
        assertThat(outcomesByRoom(store)).as("every call as in the run without the outage").isEqualTo(outcomesByRoom(reference));
        assertThat(store.findEventsByStatus(EventStatus.PROCESSED, 10_000)).as("each event stored once")
                .hasSameSizeAs(reference.findEventsByStatus(EventStatus.PROCESSED, 10_000));
    }

    @Test
    void forwardingFromSeveralThreadsMovesAndCountsEachWebhookOnce() throws Exception {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        CallOutcomes outcomes = outcomes(store, OutcomeStore.inMemory(clock), false, 10_000);
        store.setDown(true);
        webhooks().forEach(body -> send(outcomes, body));
        long spooled = outcomes.maintenance().spooledEvents();
        store.setDown(false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rounds.add(pool.submit(() -> {
                int moved = 0;
                for (int round; (round = outcomes.maintenance().forwardSpool(5)) > 0; ) {
                    moved += round;
                }
                return moved;
            }));
        }
        int moved = 0;
        for (Future<Integer> round : rounds) {
            moved += round.get();
        }
        pool.shutdown();
        assertThat(moved).as("each spooled webhook moved by one thread").isEqualTo(spooled);
        assertThat(outcomes.maintenance().spooledEvents()).isZero();
        assertThat(store.findEventsByStatus(EventStatus.PROCESSED, 10_000)).hasSize((int) spooled);
    }

    @Test
    void aSpooledWebhookThatFailsForAnotherReasonStaysSpooledAndBlocksNoneBehindIt() {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        List<byte[]> call = SyntheticCalls.call("acme", 5, Outcome.COMPLETED, 1_795_000_000L);
        String firstId = LiveKitEventParser.defaults().parse(call.get(0)).id();
        AtomicBoolean failing = new AtomicBoolean(true);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                .listener((change, work) -> {
                    if (failing.get() && change.event() != null && firstId.equals(change.event().id())) {
                        throw new IllegalStateException("the host's listener failed");
                    }
                })
                .spool(OutcomeStore.inMemory(clock), 1_000, Duration.ofHours(1)).build();
        store.setDown(true);
        call.forEach(body -> send(outcomes, body));
        store.setDown(false);
        assertThat(outcomes.maintenance().forwardSpool(100)).as("all but the failing one").isEqualTo(call.size() - 1);
        assertThat(outcomes.maintenance().spooledEvents()).isEqualTo(1);
        failing.set(false);
        assertThat(outcomes.maintenance().forwardSpool(100)).as("tried again, and taken").isEqualTo(1);
        assertThat(outcomes.maintenance().spooledEvents()).isZero();
    }

    @Test
    void aFullSpoolRefusesAsADownStoreDoes() {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        CallOutcomes outcomes = outcomes(store, OutcomeStore.inMemory(clock), false, 3);
        List<byte[]> call = SyntheticCalls.call("acme", 1, Outcome.COMPLETED, 1_795_000_000L);
        store.setDown(true);
        for (int i = 0; i < 3; i++) {
            assertThat(send(outcomes, call.get(i)).status()).isEqualTo(WebhookResult.Status.SPOOLED);
        }
        assertThat(send(outcomes, call.get(0)).status()).as("a redelivery of a spooled event takes no room").isEqualTo(WebhookResult.Status.SPOOLED);
        assertThatThrownBy(() -> send(outcomes, call.get(3))).isInstanceOf(StoreUnavailableException.class);
        assertThat(outcomes.maintenance().spooledEvents()).isEqualTo(3);
    }

    @Test
    void aSpoolTooOldRefusesAndSoDoesASpoolThatFailsToo() {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        CallOutcomes outcomes = outcomes(store, OutcomeStore.inMemory(clock), false, 1_000);
        List<byte[]> call = SyntheticCalls.call("acme", 2, Outcome.COMPLETED, 1_795_000_000L);
        store.setDown(true);
        assertThat(send(outcomes, call.get(0)).status()).isEqualTo(WebhookResult.Status.SPOOLED);
        clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(() -> send(outcomes, call.get(1))).as("the oldest waited longer than an hour")
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("test outage");
        FlakyStore failing = new FlakyStore(OutcomeStore.inMemory(clock));
        CallOutcomes other = outcomes(store, failing, false, 1_000);
        failing.setDown(true);
        assertThatThrownBy(() -> send(other, call.get(1))).as("503 when the spool cannot take it either")
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(other.maintenance().spooledEvents()).isZero();
    }

    @Test
    void aRestartedServiceForwardsWhatItsSpoolHolds() {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        OutcomeStore spool = OutcomeStore.inMemory(clock);
        List<byte[]> call = SyntheticCalls.call("acme", 3, Outcome.BUSY, 1_795_000_000L);
        store.setDown(true);
        CallOutcomes before = outcomes(store, spool, false, 1_000);
        call.forEach(body -> send(before, body));
        store.setDown(false);
        CallOutcomes after = outcomes(store, spool, false, 1_000);
        assertThat(after.maintenance().spooledEvents()).isEqualTo(call.size());
        assertThat(after.maintenance().oldestSpooled()).isPresent();
        assertThat(after.maintenance().forwardSpool(100)).isEqualTo(call.size());
        CallRecord recorded = store.queryCalls(CallQuery.forTenant("acme")).items().get(0);
        assertThat(recorded.verdict().outcome()).isEqualTo(Outcome.BUSY);
    }

    @Test
    void withoutASpoolAnOutageAnswersAsBefore() {
        FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        store.setDown(true);
        assertThatThrownBy(() -> send(outcomes, SyntheticCalls.call("acme", 4, Outcome.BUSY, 1_795_000_000L).get(0)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(outcomes.maintenance().forwardSpool(10)).isZero();
        assertThat(outcomes.maintenance().spooledEvents()).isZero();
    }
}
