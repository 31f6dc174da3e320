package dev.calloutcomes.internal.engine;

import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.testing.ForwardingStore;
import dev.calloutcomes.testing.SettableClock;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.InvalidConfigurationException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.outcome.OutcomeClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workers that yield to the intake ({@link WorkerSettings.Builder#yieldToIntake}): webhooks saturate
 * group commit here by holding its only lane (a webhook's transaction waits at a gate) while another
 * webhook queues behind it.
 */
class WorkersYieldTest {
    private static final Duration MAX_LAG = Duration.ofSeconds(30);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final CountDownLatch gate = new CountDownLatch(1);
    private final GatedStore store = new GatedStore(OutcomeStore.inMemory(clock));
    private final LiveKitEventParser parser = LiveKitEventParser.defaults();
    private final Engine engine = new Engine(new Engine.Parts(store, parser, OutcomeClassifier.ofDefaults(),
            new TenantChain.Ours("tenantId", "acme", true), new Engine.Limits(200, 10_000), List.of(), clock,
            new Engine.Intake(Engine.IntakeMode.ASYNCHRONOUS, new Engine.Commits(32, 1), Spool.NONE)));
    private final ExecutorService webhooks = Executors.newCachedThreadPool(r -> new Thread(r, "gated-webhook"));
    private final List<byte[]> call = SyntheticCalls.call("acme", 1, Outcome.COMPLETED, 1_795_000_000L);
    private EventWorkers workers;

    /** A store whose transactions on "gated-webhook" threads wait for the gate before they begin. */
    private final class GatedStore extends ForwardingStore {
        final AtomicInteger waiting = new AtomicInteger();

        GatedStore(OutcomeStore delegate) {
            super(delegate);
        }

        @Override
        public <T> T inTransaction(Function<StoreTransaction, T> work) {
            if (Thread.currentThread().getName().equals("gated-webhook")) {
                waiting.incrementAndGet();
                await(() -> gate.getCount() == 0);
            }
            return super.inTransaction(work);
        }
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (workers != null) {
            workers.close();
        }
        webhooks.shutdownNow();
    }

    /** Stores event {@code i} of the call as a webhook would. */
    private WebhookResult webhook(int i) {
        return engine.take(call.get(i), null);
    }

    /** Accepts three events now, then saturates the intake: one webhook holds the only lane, one queues behind it. */
    private void acceptThreeThenSaturate() {
        for (int i = 0; i < 3; i++) {
            assertThat(webhook(i).status()).isEqualTo(WebhookResult.Status.ACCEPTED);
        }
        assertThat(engine.intakeSaturatedWithin(Duration.ofMillis(100))).as("one webhook at a time").isFalse();
        webhooks.submit(() -> webhook(3));
        await(() -> store.waiting.get() == 1);
        queueOneMore(4);
    }

    /** Queues webhook {@code i} behind the held lane; the intake was not saturated at the clock's time before. */
    private void queueOneMore(int i) {
        webhooks.submit(() -> webhook(i));
        await(() -> engine.intakeSaturatedWithin(Duration.ofMillis(100)));
    }

    private int processed() {
        return store.findEventsByStatus(EventStatus.PROCESSED, 100).size();
    }

    private EventWorkers startWorkers(Duration yieldLag) {
        workers = engine.workers(WorkerSettings.builder().threads(1).batchSize(1).pollInterval(Duration.ofMillis(10))
                .yieldToIntake(yieldLag).build()).start();
        return workers;
    }

    @Test
    void holdBackWhileWebhooksSaturateGroupCommitAndCatchUpWhenTheyCalmDown() {
        acceptThreeThenSaturate();
        startWorkers(MAX_LAG);
        await(() -> processed() >= 1);
        // While it holds back, the worker reads the clock twice a step; a worker that did not hold back would have
        // claimed and applied the two events left within far fewer readings. Progress, not elapsed time, decides.
        long before = clock.reads();
        await(() -> clock.reads() - before >= 100);
        assertThat(processed()).as("held back after its first batch while the intake is saturated").isEqualTo(1);

        gate.countDown();
        clock.advance(Duration.ofSeconds(1));
        await(() -> processed() == 5);
        assertThat(engine.intakeSaturatedWithin(Duration.ofMillis(100))).isFalse();
    }

    @Test
    void stopHoldingBackOnceTheEventsAreMaxLagOldEvenWhileTheIntakeStaysSaturated() {
        acceptThreeThenSaturate();
        startWorkers(MAX_LAG);
        await(() -> processed() == 1);

        clock.advance(MAX_LAG.plusSeconds(1));
        queueOneMore(5);
        await(() -> processed() == 3);
        assertThat(engine.intakeSaturatedWithin(Duration.ofMillis(100))).as("still saturated").isTrue();
    }

    @Test
    void withoutYieldingWorkersApplyWhileTheIntakeIsSaturated() {
        acceptThreeThenSaturate();
        startWorkers(Duration.ZERO);
        await(() -> processed() == 3);
        assertThat(engine.intakeSaturatedWithin(Duration.ofMillis(100))).isTrue();
    }

    @Test
    void aNegativeLagIsRefused() {
        assertThatThrownBy(() -> WorkerSettings.builder().yieldToIntake(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("maxLag");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
