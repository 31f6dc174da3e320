package dev.calloutcomes.servlet;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (client address or tenant), on Bucket4j. Immutable settings; thread-safe.
 * The key map is cleared when it grows past {@code maxKeys}, so a flood of addresses cannot exhaust
 * memory (a cleared key simply starts with a full bucket).
 */
public final class RateLimit {
    private final long perSecond;
    private final long burst;
    private final int maxKeys;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private RateLimit(long perSecond, long burst, int maxKeys, TimeMeter time) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.time = time;
    }

    /** {@code perSecond} requests a second per key, with bursts up to {@code burst}. */
    public static RateLimit of(long perSecond, long burst) {
        require(perSecond > 0, "perSecond", perSecond, "must be positive");
        require(burst >= perSecond, "burst", burst, "must be at least perSecond (" + perSecond + ")");
        return new RateLimit(perSecond, burst, 100_000, TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * The same limit, its buckets refilled as {@code clock} tells time (tests pass a fixed or settable
     * clock); fresh buckets. By default, the JVM's monotonic {@link System#nanoTime()}.
     */
    public RateLimit withClock(Clock clock) {
        requireNonNull(clock, "clock");
        return new RateLimit(perSecond, burst, maxKeys, new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        });
    }

    /** 0 when a request for {@code key} may go ahead (consuming a token), else the seconds to wait. */
    long tryAcquire(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** 0 while {@code key} has tokens left (consuming none), else the seconds until it has one. */
    long waitIfExhausted(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** Whole seconds to wait (at least 1), as a Retry-After header states them. */
    private static long seconds(long nanos) {
        return Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1);
    }

    private Bucket bucket(String key) {
        if (buckets.size() > maxKeys) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder().withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
    }

    @Override
    public String toString() {
        return "RateLimit[" + perSecond + "/s, burst " + burst + "]";
    }
}
