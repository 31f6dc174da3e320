package dev.calloutcomes.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));

    @Test
    void aKeySpendsItsBurstThenWaitsForTheRefillItsClockTells() {
        RateLimit limit = RateLimit.of(2, 3).withClock(clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryAcquire("10.0.0.1")).as("request %d of the burst", i).isZero();
        }
        assertThat(limit.tryAcquire("10.0.0.1")).as("burst spent: whole seconds to wait").isEqualTo(1);
        assertThat(limit.waitIfExhausted("10.0.0.1")).isEqualTo(1);
        assertThat(limit.tryAcquire("10.0.0.2")).as("another key has its own bucket").isZero();
        assertThat(limit.waitIfExhausted("10.0.0.3")).as("an unseen key is not exhausted").isZero();

        clock.advance(Duration.ofMillis(499));
        assertThat(limit.tryAcquire("10.0.0.1")).as("no token before half a second at 2/s").isPositive();
        clock.advance(Duration.ofMillis(1));
        assertThat(limit.tryAcquire("10.0.0.1")).as("one token after half a second").isZero();
        assertThat(limit.tryAcquire("10.0.0.1")).isPositive();
    }

    @Test
    void withClockGivesFreshBucketsAndKeepsTheLimit() {
        RateLimit limit = RateLimit.of(1, 1).withClock(clock);
        assertThat(limit.tryAcquire("k")).isZero();
        assertThat(limit.tryAcquire("k")).isPositive();
        RateLimit again = limit.withClock(clock);
        assertThat(again.tryAcquire("k")).isZero();
        assertThat(again).hasToString(limit.toString()).hasToString("RateLimit[1/s, burst 1]");
    }
}
