package dev.calloutcomes.worker;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import java.time.Duration;

/**
 * How {@link EventWorkers} claim and apply pending events. Immutable; build with {@link #builder()},
 * start from {@link #ofDefaults()}, or change one with {@link #from(WorkerSettings)}.
 */
public final class WorkerSettings {
    public static final int DEFAULT_THREADS = 2;
    public static final int DEFAULT_BATCH_SIZE = 50;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** Workers do not hold back for webhooks unless asked ({@link Builder#yieldToIntake}). */
    public static final Duration DEFAULT_YIELD_LAG = Duration.ZERO;

    private final int threads;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final RetryPolicy retry;
    private final Duration yieldLag;

    private WorkerSettings(Builder b) {
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.pollInterval = b.pollInterval;
        this.lease = b.lease;
        this.retry = b.retry;
        this.yieldLag = b.yieldLag;
    }

    public static WorkerSettings ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(WorkerSettings base) {
        Builder b = new Builder();
        b.threads = base.threads;
        b.batchSize = base.batchSize;
        b.pollInterval = base.pollInterval;
        b.lease = base.lease;
        b.retry = base.retry;
        b.yieldLag = base.yieldLag;
        return b;
    }

    public int threads() {
        return threads;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration lease() {
        return lease;
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** {@link Duration#ZERO} when workers never hold back; see {@link Builder#yieldToIntake}. */
    public Duration yieldLag() {
        return yieldLag;
    }

    @Override
    public String toString() {
        return "WorkerSettings[threads=" + threads + ", batchSize=" + batchSize + ", pollInterval=" + pollInterval
                + ", lease=" + lease + ", retry=" + retry + ", yieldLag=" + yieldLag + "]";
    }

    /** Builds {@link WorkerSettings}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private int threads = DEFAULT_THREADS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration lease = DEFAULT_LEASE;
        private RetryPolicy retry = RetryPolicy.ofDefaults();
        private Duration yieldLag = DEFAULT_YIELD_LAG;

        private Builder() {
        }

        /** Worker threads; default 2. */
        public Builder threads(int n) {
            require(n >= 1 && n <= 256, "threads", n, "must be between 1 and 256");
            this.threads = n;
            return this;
        }

        /** Events claimed at once and applied in one transaction; default 50. */
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

        /** How failed events are retried; default {@link RetryPolicy#ofDefaults()}. */
        public Builder retry(RetryPolicy policy) {
            this.retry = requireNonNull(policy, "retry");
            return this;
        }

        /**
         * Lets webhooks have the CPU during a burst. While this process's webhooks find every
         * commit lane taken (see {@link dev.calloutcomes.CallOutcomes.Builder#groupCommit}), a worker
         * that has applied a batch waits until the newest event of that batch is {@code maxLag} old;
         * when the webhooks calm down, or once the backlog is older than {@code maxLag}, workers apply
         * at full speed again. A burst is then accepted as fast as by a process without workers, and
         * its outcomes lag it by up to about {@code maxLag}; under sustained saturation they stay
         * about {@code maxLag} behind. Sees only the webhooks of the
         * {@link dev.calloutcomes.CallOutcomes} the workers were made by, and needs group commit on
         * (more than one event per commit). Default {@link Duration#ZERO}: off.
         */
        public Builder yieldToIntake(Duration maxLag) {
            require(maxLag != null && !maxLag.isNegative(), "maxLag", maxLag, "must not be negative");
            this.yieldLag = maxLag;
            return this;
        }

        public WorkerSettings build() {
            return new WorkerSettings(this);
        }
    }

    /**
     * How a pending event whose application failed is retried: after {@code initialBackoff}, doubling
     * up to {@code maxBackoff}, at most {@code maxAttempts} attempts in all; after the last it is kept as
     * failed with its error (a dead letter, for {@link dev.calloutcomes.maintenance.CallMaintenance#retryFailed}).
     * Immutable.
     *
     * @param maxAttempts attempts before an event is kept as failed, 1 to 100
     * @param initialBackoff the wait after the first failed attempt, not negative
     * @param maxBackoff the longest wait, at least {@code initialBackoff}
     */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static final int DEFAULT_MAX_ATTEMPTS = 8;
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

        /** @throws dev.calloutcomes.InvalidConfigurationException for a value outside the ranges above */
        public RetryPolicy {
            require(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts", maxAttempts, "must be between 1 and 100");
            require(initialBackoff != null && !initialBackoff.isNegative(), "initialBackoff", initialBackoff, "must not be negative");
            require(maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff", maxBackoff,
                    "must be at least initialBackoff");
        }

        /** 8 attempts, 1 s doubling to 5 min. */
        public static RetryPolicy ofDefaults() {
            return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
        }

        /** Whether an event that has now failed {@code attempts} times is kept as failed instead of retried. */
        public boolean exhausted(int attempts) {
            return attempts >= maxAttempts;
        }

        /** The wait before the attempt after failed attempt number {@code attempt} (from 1). */
        public Duration backoffAfter(int attempt) {
            Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }
}
