package dev.calloutcomes.internal.engine;

import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventWorkers} as threads: each loops claiming and applying batches ({@link PendingEvents}),
 * sleeps when none is due, and with {@link WorkerSettings#yieldLag()} holds back while the engine's
 * webhooks saturate group commit.
 */
final class Workers implements EventWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(EventWorkers.class);
    /** How recently a webhook must have found every commit lane taken for the intake to count as saturated. */
    private static final Duration SATURATION_WINDOW = Duration.ofMillis(100);
    /** How often a worker holding back looks again. */
    private static final Duration HOLD_STEP = Duration.ofMillis(20);

    private final Engine engine;
    private final WorkerSettings settings;
    private final PendingEvents pending;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private ExecutorService pool;

    Workers(Engine engine, WorkerSettings settings) {
        this.engine = engine;
        this.settings = settings;
        this.pending = new PendingEvents(engine, settings.retry());
    }

    @Override
    public synchronized EventWorkers start() {
        if (running.getAndSet(true)) {
            return this;
        }
        pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "call-outcomes-worker");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.threads(); i++) {
            pool.execute(this::runLoop);
        }
        return this;
    }

    /** A worker thread: never ends unseen (a task submitted for a Future would swallow an Error, and the worker with it). */
    private void runLoop() {
        try {
            loop();
        } catch (Throwable t) {
            LOG.error("a worker thread stopped: {}; its claimed events are released when their lease expires", t, t);
            throw t;
        }
    }

    private void loop() {
        while (running.get()) {
            PendingEvents.Ran ran;
            try {
                ran = claimAndApply();
            } catch (StoreUnavailableException e) {
                LOG.warn("workers cannot reach the store; retrying in {}", settings.pollInterval());
                ran = PendingEvents.Ran.NOTHING;
            } catch (RuntimeException e) {
                LOG.error("worker loop failed; continuing", e);
                ran = PendingEvents.Ran.NOTHING;
            }
            if (ran.handled() == 0) {
                sleep(settings.pollInterval());
            } else {
                holdBack(ran.newestReceived());
            }
        }
    }

    /** With a yield lag: waits while webhooks saturate group commit, until events received at {@code newest} are the lag old. */
    private void holdBack(Instant newest) {
        if (settings.yieldLag().isZero() || newest == null) {
            return;
        }
        Instant until = newest.plus(settings.yieldLag());
        while (running.get() && engine.intakeSaturatedWithin(SATURATION_WINDOW) && engine.clock().instant().isBefore(until)) {
            sleep(HOLD_STEP);
        }
    }

    private PendingEvents.Ran claimAndApply() {
        return pending.claimAndApply(settings.batchSize(), settings.lease(), claimed, this::stopping);
    }

    /** Whether started workers were closed (a thread then stops between events). */
    private boolean stopping() {
        return !running.get() && pool != null;
    }

    @Override
    public int runOnce() {
        return claimAndApply().handled();
    }

    @Override
    public int drain() {
        int total = 0;
        for (int n; (n = runOnce()) > 0; ) {
            total += n;
        }
        return total;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (!running.getAndSet(false) || pool == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (String eventId : new ArrayList<>(claimed)) {
            pending.release(eventId);
        }
    }

    @Override
    public String toString() {
        return "EventWorkers[" + settings + "]";
    }
}
