package dev.calloutcomes.query;

import dev.calloutcomes.internal.WireNames;
import java.time.Instant;

/**
 * Outcome statistics over one tenant's calls created in {@code [from, to)}, grouped by one dimension. Simulated
 * calls (see {@link dev.calloutcomes.call.CallRecord#simulated()}) count only with {@code includeSimulated}.
 */
public record StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy, boolean includeSimulated) {

    /** Statistics over real calls only. */
    public StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy) {
        this(tenantId, from, to, groupBy, false);
    }

    /** The same statistics with simulated calls counted too. */
    public StatsQuery withSimulated() {
        return new StatsQuery(tenantId, from, to, groupBy, true);
    }

    /** @throws InvalidQueryException for a tenant with control characters, a time outside years 1000 to 9999, or an empty range */
    public StatsQuery {
        QueryValues.tenant(tenantId);
        QueryValues.instant("from", from);
        QueryValues.instant("to", to);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidQueryException("the range must have from before to, was: " + from + ".." + to);
        }
        if (groupBy == null) {
            throw new InvalidQueryException("groupBy must be day, campaign, direction, outcome, disposition or agent, was: null");
        }
    }

    /** How to group: by UTC day of {@code createdAt}, by campaign, by direction, by outcome, by disposition or by agent. */
    public enum GroupBy {
        DAY, CAMPAIGN, DIRECTION, OUTCOME, DISPOSITION, AGENT;

        public static GroupBy fromWireName(String name) {
            return WireNames.parse(GroupBy.class, name, "groupBy must be day, campaign, direction, outcome, disposition or agent");
        }
    }
}
