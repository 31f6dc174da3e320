package dev.calloutcomes.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowIdsTest {
    @Test
    void areVersion7UuidsOrderedByTheirTimeAndDistinctWithinOneMillisecond() {
        Instant t = Instant.parse("2026-12-02T16:00:00.123Z");
        UUID id = UUID.fromString(RowIds.next(t));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(t.toEpochMilli());
        assertThat(RowIds.next(t.plusMillis(1))).isGreaterThan(RowIds.next(t)).hasSize(36);
        Set<String> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            sameMillisecond.add(RowIds.next(t));
        }
        assertThat(sameMillisecond).hasSize(100_000);
    }
}
