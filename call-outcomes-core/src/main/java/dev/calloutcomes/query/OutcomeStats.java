package dev.calloutcomes.query;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.StatsQuery.GroupBy;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcome counts per group. The answer rate of a group is completed calls over calls with an
 * outcome; the average duration is over ended calls with a known duration.
 */
public record OutcomeStats(GroupBy groupBy, List<Group> groups) {
    public OutcomeStats {
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param key the day ({@code 2026-11-24}), campaign, direction or outcome; {@code "none"} when absent
     * @param calls every call in the group
     * @param outcomes calls per outcome (wire names; outcomes with no call are left out)
     * @param answerRate completed / calls with an outcome, or null when none has one
     * @param averageDurationSeconds mean duration of calls with one, or null
     */
    public record Group(String key, long calls, Map<String, Long> outcomes, Double answerRate,
                        Double averageDurationSeconds) {
        public Group {
            outcomes = Map.copyOf(outcomes);
        }
    }

    /** The group key of {@code call} under {@code groupBy}. */
    public static String keyOf(CallRecord call, GroupBy groupBy) {
        String key = switch (groupBy) {
            case DAY -> call.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case CAMPAIGN -> call.campaignId();
            case DIRECTION -> call.direction();
            case OUTCOME -> call.outcome() == null ? null : call.outcome().wireName();
        };
        return key == null ? "none" : key;
    }

    /** Accumulates per-group counts; stores that aggregate in SQL feed rows into it too. */
    public static final class Accumulator {
        private final GroupBy groupBy;
        private final Map<String, long[]> counts = new TreeMap<>();
        private final Map<String, EnumMap<Outcome, Long>> outcomes = new TreeMap<>();

        public Accumulator(GroupBy groupBy) {
            this.groupBy = groupBy;
        }

        /** Adds {@code calls} calls with {@code outcome} (nullable) and {@code durationSum} over {@code durationCount} of them. */
        public void add(String key, Outcome outcome, long calls, long durationSum, long durationCount) {
            String k = key == null ? "none" : key;
            long[] c = counts.computeIfAbsent(k, x -> new long[3]);
            c[0] += calls;
            c[1] += durationSum;
            c[2] += durationCount;
            if (outcome != null) {
                outcomes.computeIfAbsent(k, x -> new EnumMap<>(Outcome.class)).merge(outcome, calls, Long::sum);
            }
        }

        public void addAll(Collection<CallRecord> calls) {
            for (CallRecord call : calls) {
                boolean timed = call.durationSeconds() != null;
                add(keyOf(call, groupBy), call.outcome(), 1, timed ? call.durationSeconds() : 0, timed ? 1 : 0);
            }
        }

        public OutcomeStats build() {
            List<Group> groups = new ArrayList<>();
            counts.forEach((key, c) -> {
                EnumMap<Outcome, Long> byOutcome = outcomes.getOrDefault(key, new EnumMap<>(Outcome.class));
                Map<String, Long> named = new TreeMap<>();
                byOutcome.forEach((o, n) -> named.put(o.wireName(), n));
                long decided = byOutcome.values().stream().mapToLong(Long::longValue).sum();
                Double rate = decided == 0 ? null : byOutcome.getOrDefault(Outcome.COMPLETED, 0L) / (double) decided;
                Double avg = c[2] == 0 ? null : c[1] / (double) c[2];
                groups.add(new Group(key, c[0], named, rate, avg));
            });
            return new OutcomeStats(groupBy, groups);
        }
    }
}
