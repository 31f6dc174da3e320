package dev.calloutcomes.internal;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery.GroupBy;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link OutcomeStats} from calls, or from rows a store aggregated in SQL. Internal; not
 * thread-safe.
 */
public final class StatsAccumulator {
    private static final String NONE = "none";

    private final GroupBy groupBy;
    private final Map<String, Totals> totals = new TreeMap<>();
    private final Map<String, EnumMap<Outcome, Long>> outcomes = new TreeMap<>();

    /** What one group holds so far. */
    private static final class Totals {
        long calls;
        long durationSum;
        long timedCalls;
    }

    public StatsAccumulator(GroupBy groupBy) {
        this.groupBy = groupBy;
    }

    /** The group key of {@code call} under {@code groupBy}; {@code "none"} when the call has no value. */
    public static String keyOf(CallRecord call, GroupBy groupBy) {
        String key = switch (groupBy) {
            case DAY -> call.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case CAMPAIGN -> call.attribution().campaignId();
            case DIRECTION -> call.parties().direction() == null ? null : call.parties().direction().wireName();
            case OUTCOME -> call.verdict().outcome() == null ? null : call.verdict().outcome().wireName();
            case DISPOSITION -> call.verdict().disposition() == null ? null : call.verdict().disposition().wireName();
            case AGENT -> call.parties().agent();
        };
        return key == null ? NONE : key;
    }

    /**
     * Adds {@code calls} calls of group {@code key} ({@code "none"} when null) with {@code outcome}
     * (null: none yet), {@code timedCalls} of which have a duration, summing to {@code durationSum}.
     */
    public void add(String key, Outcome outcome, long calls, long durationSum, long timedCalls) {
        String k = key == null ? NONE : key;
        Totals t = totals.computeIfAbsent(k, x -> new Totals());
        t.calls += calls;
        t.durationSum += durationSum;
        t.timedCalls += timedCalls;
        if (outcome != null) {
            outcomes.computeIfAbsent(k, x -> new EnumMap<>(Outcome.class)).merge(outcome, calls, Long::sum);
        }
    }

    public void addAll(Collection<CallRecord> calls) {
        for (CallRecord call : calls) {
            boolean timed = call.timing().durationSeconds() != null;
            add(keyOf(call, groupBy), call.verdict().outcome(), 1, timed ? call.timing().durationSeconds() : 0, timed ? 1 : 0);
        }
    }

    public OutcomeStats build() {
        List<OutcomeStats.Group> groups = new ArrayList<>();
        totals.forEach((key, t) -> {
            EnumMap<Outcome, Long> byOutcome = outcomes.getOrDefault(key, new EnumMap<>(Outcome.class));
            Map<String, Long> named = new TreeMap<>();
            byOutcome.forEach((o, n) -> named.put(o.wireName(), n));
            long decided = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            Double rate = decided == 0 ? null : byOutcome.getOrDefault(Outcome.COMPLETED, 0L) / (double) decided;
            Double avg = t.timedCalls == 0 ? null : t.durationSum / (double) t.timedCalls;
            groups.add(new OutcomeStats.Group(key, t.calls, named, rate, avg));
        });
        return new OutcomeStats(groupBy, groups);
    }
}
