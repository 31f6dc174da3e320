package dev.calloutcomes.query;

import dev.calloutcomes.query.StatsQuery.GroupBy;
import java.util.List;
import java.util.Map;

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
}
