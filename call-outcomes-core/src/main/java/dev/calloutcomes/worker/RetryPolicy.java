package dev.calloutcomes.worker;

import static dev.calloutcomes.internal.Checks.require;

import java.time.Duration;

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
