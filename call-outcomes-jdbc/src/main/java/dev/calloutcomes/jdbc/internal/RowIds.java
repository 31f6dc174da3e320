package dev.calloutcomes.jdbc.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The primary keys of event rows (the earlier module's {@code id}, a 36-character UUID): version 7 (RFC 9562), the
 * event's receipt time in milliseconds followed by 74 random bits. Time-ordered keys go to the right edge of the
 * primary-key index, where random (version 4) keys land anywhere and dirty a page each. They name rows, not secrets:
 * the random bits need only make two rows of one millisecond differ.
 */
public final class RowIds {
    private RowIds() {
    }

    /** A version 7 UUID for a row received at {@code receivedAt} (now, when null). */
    public static String next(Instant receivedAt) {
        long millis = receivedAt != null ? receivedAt.toEpochMilli() : System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
