package dev.calloutcomes.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it, and counts its readings; safe to read from other threads. */
public final class SettableClock extends Clock {
    private final AtomicLong reads = new AtomicLong();
    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        reads.incrementAndGet();
        return now;
    }

    /** How often the clock was read ({@link #millis()} included): a measure of progress that does not depend on speed. */
    public long reads() {
        return reads.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a settable clock is UTC");
    }
}
