package dev.calloutcomes;

import static dev.calloutcomes.InvalidConfigurationException.require;
import static dev.calloutcomes.InvalidConfigurationException.requireNonNull;

import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.MalformedEventException;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.store.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending events: the workers of asynchronous mode, and the way failed events are retried.
 * The queue is the store itself: workers claim batches of due events under a lease, so several
 * workers in several processes share it safely, and events claimed by a worker that died are
 * claimed again when the lease ends. A failing event is retried with exponential backoff and, after
 * {@code maxAttempts}, kept as failed with its error (a dead letter).
 *
 * <p>Optionally ({@link Builder#yieldToIntake}) workers hold back while this process's webhooks
 * saturate group commit, so that a burst is accepted about as fast as without workers beside it, and
 * applied afterwards.
 *
 * <p>Thread-safe. {@link #close()} stops claiming, lets in-flight events finish, and releases
 * claimed events it did not start.
 */
public final class EventWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWorkers.class);
    /** How recently a webhook must have found every commit lane taken for the intake to count as saturated. */
    private static final Duration SATURATION_WINDOW = Duration.ofMillis(100);
    /** How often a worker holding back looks again. */
    private static final Duration HOLD_STEP = Duration.ofMillis(20);

    private final CallOutcomes outcomes;
    private final OutcomeStore store;
    private final int threads;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration yieldLag;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private ExecutorService pool;

    private EventWorkers(Builder b) {
        this.outcomes = b.outcomes;
        this.store = b.outcomes.store();
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.pollInterval = b.pollInterval;
        this.lease = b.lease;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.yieldLag = b.yieldLag;
    }

    public static Builder builder(CallOutcomes outcomes) {
        return new Builder(outcomes);
    }

    /** Starts the worker threads. */
    public synchronized EventWorkers start() {
        if (running.getAndSet(true)) {
            return this;
        }
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "call-outcomes-worker");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            pool.submit(this::loop);
        }
        return this;
    }

    private void loop() {
        while (running.get()) {
            Ran ran;
            try {
                ran = claimAndApply();
            } catch (StoreUnavailableException e) {
                LOG.warn("workers cannot reach the store; retrying in {}", pollInterval);
                ran = Ran.NOTHING;
            } catch (RuntimeException e) {
                LOG.error("worker loop failed; continuing", e);
                ran = Ran.NOTHING;
            }
            if (ran.handled() == 0) {
                sleep(pollInterval);
            } else {
                holdBack(ran.newestReceived());
            }
        }
    }

    /**
     * With {@link Builder#yieldToIntake}: waits while webhooks saturate group commit, until events
     * received at {@code newest} are the allowed lag old.
     */
    private void holdBack(Instant newest) {
        if (yieldLag.isZero() || newest == null) {
            return;
        }
        Instant until = newest.plus(yieldLag);
        while (running.get() && outcomes.intakeSaturatedWithin(SATURATION_WINDOW) && outcomes.clock().instant().isBefore(until)) {
            sleep(HOLD_STEP);
        }
    }

    /**
     * Claims one batch of due events and applies them on the calling thread, in one transaction
     * (one commit for the batch); returns how many were handled. When that transaction fails, the
     * events are applied one by one, so that only the failing ones are retried.
     */
    public int runOnce() {
        return claimAndApply().handled();
    }

    /** What one claim came to: events handled, and when the newest of the claimed batch was received. */
    private record Ran(int handled, Instant newestReceived) {
        static final Ran NOTHING = new Ran(0, null);
    }

    private Ran claimAndApply() {
        Instant now = outcomes.clock().instant();
        List<StoredEvent> batch = store.claimPendingEvents(batchSize, now, now.plus(lease));
        Instant newest = batch.stream().map(StoredEvent::receivedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        batch.forEach(e -> claimed.add(e.eventId()));
        int handled = 0;
        try {
            if (batch.size() > 1 && applyTogether(batch)) {
                batch.forEach(e -> claimed.remove(e.eventId()));
                return new Ran(batch.size(), newest);
            }
            for (StoredEvent event : batch) {
                if (!running.get() && pool != null) {
                    break;
                }
                process(event);
                claimed.remove(event.eventId());
                handled++;
            }
        } finally {
            for (StoredEvent event : batch) {
                if (claimed.remove(event.eventId())) {
                    releaseQuietly(event.eventId());
                }
            }
        }
        return new Ran(handled, newest);
    }

    /** Applies the batch in one transaction, calls locked in room order; false (nothing applied) when it failed. */
    private boolean applyTogether(List<StoredEvent> batch) {
        List<Map.Entry<LiveKitEvent, StoredEvent>> events = new ArrayList<>(batch.size());
        for (StoredEvent stored : batch) {
            try {
                events.add(Map.entry(outcomes.parser().parse(stored.payloadBytes()), stored));
            } catch (MalformedEventException e) {
                return false;
            }
        }
        events.sort(java.util.Comparator.comparing(e -> CallOutcomes.lockOrder(e.getKey())));
        try {
            store.inTransaction(tx -> {
                // A failed batch is applied again one by one: the store may hold its writes back.
                tx.deferWrites();
                tx.prefetchRooms(batch);
                events.forEach(e -> outcomes.recorder().attribute(tx, e.getKey(), e.getValue()));
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            LOG.debug("a batch of {} events failed together ({}); applying them one by one", batch.size(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Applies pending events until none is due; returns how many were handled. For tests and catch-up runs. */
    public int drain() {
        int total = 0;
        for (int n; (n = runOnce()) > 0; ) {
            total += n;
        }
        return total;
    }

    private void process(StoredEvent stored) {
        LiveKitEvent event;
        try {
            event = outcomes.parser().parse(stored.payloadBytes());
        } catch (MalformedEventException e) {
            store.inTransaction(tx -> {
                tx.markEvent(stored.eventId(), EventStatus.FAILED, e.getMessage());
                return null;
            });
            return;
        }
        try {
            store.inTransaction(tx -> outcomes.recorder().attribute(tx, event, stored));
        } catch (RuntimeException e) {
            int attempt = stored.attempts() + 1;
            String error = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")");
            if (attempt >= maxAttempts) {
                LOG.error("event {} failed {} times; kept as failed", stored.eventId(), attempt, e);
                store.inTransaction(tx -> {
                    tx.markEvent(stored.eventId(), EventStatus.FAILED, error);
                    return null;
                });
            } else {
                Duration backoff = backoff(attempt);
                LOG.warn("event {} failed (attempt {}), retrying in {}: {}", stored.eventId(), attempt, backoff, error);
                store.inTransaction(tx -> {
                    tx.scheduleRetry(stored.eventId(), error, outcomes.clock().instant().plus(backoff));
                    return null;
                });
            }
        }
    }

    Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private void releaseQuietly(String eventId) {
        try {
            store.releaseClaim(eventId);
        } catch (RuntimeException e) {
            LOG.warn("could not release claimed event {}; its lease will expire", eventId);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming, waits up to the lease for in-flight events, releases the rest. */
    @Override
    public synchronized void close() {
        if (!running.getAndSet(false) || pool == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(lease.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (String eventId : new ArrayList<>(claimed)) {
            releaseQuietly(eventId);
        }
    }

    /** Builds {@link EventWorkers}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final CallOutcomes outcomes;
        private int threads = 2;
        private int batchSize = 50;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration lease = Duration.ofSeconds(60);
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration yieldLag = Duration.ZERO;

        private Builder(CallOutcomes outcomes) {
            this.outcomes = requireNonNull(outcomes, "outcomes");
        }

        /** Worker threads; default 2. */
        public Builder threads(int n) {
            require(n >= 1 && n <= 256, "threads", n, "must be between 1 and 256");
            this.threads = n;
            return this;
        }

        /** Events claimed at once; default 50. */
        public Builder batchSize(int n) {
            require(n >= 1 && n <= 10_000, "batchSize", n, "must be between 1 and 10000");
            this.batchSize = n;
            return this;
        }

        /** Pause when no event is due; default 200 ms. */
        public Builder pollInterval(Duration d) {
            require(d != null && !d.isNegative() && !d.isZero(), "pollInterval", d, "must be positive");
            this.pollInterval = d;
            return this;
        }

        /** How long a claim lasts before another worker may take the event; default 60 s. */
        public Builder lease(Duration d) {
            require(d != null && d.toMillis() >= 100, "lease", d, "must be at least 100 ms");
            this.lease = d;
            return this;
        }

        /** Attempts before an event is kept as failed; default 8. */
        public Builder maxAttempts(int n) {
            require(n >= 1 && n <= 100, "maxAttempts", n, "must be between 1 and 100");
            this.maxAttempts = n;
            return this;
        }

        /** Exponential backoff between attempts: {@code initial}, doubling, at most {@code max}; default 1 s to 5 min. */
        public Builder backoff(Duration initial, Duration max) {
            require(initial != null && !initial.isNegative(), "initialBackoff", initial, "must not be negative");
            require(max != null && max.compareTo(initial) >= 0, "maxBackoff", max, "must be at least initialBackoff");
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Lets webhooks have the CPU during a burst. While this process's webhooks find every
         * commit lane taken (see {@link CallOutcomes.Builder#groupCommit}), a worker that has applied a
         * batch waits until the newest event of that batch is {@code maxLag} old; when the webhooks
         * calm down, or once the backlog is older than {@code maxLag}, workers apply at full speed again.
         * A burst is then accepted as fast as by a process without workers, and its outcomes lag it by
         * up to about {@code maxLag}; under sustained saturation they stay about {@code maxLag} behind.
         * Sees only the webhooks of the {@link CallOutcomes} these workers were built from, and needs
         * group commit on (more than one event per commit). Default {@link Duration#ZERO}: off, workers
         * apply events as soon as they are due.
         */
        public Builder yieldToIntake(Duration maxLag) {
            require(maxLag != null && !maxLag.isNegative(), "maxLag", maxLag, "must not be negative");
            this.yieldLag = maxLag;
            return this;
        }

        public EventWorkers build() {
            return new EventWorkers(this);
        }
    }
}
