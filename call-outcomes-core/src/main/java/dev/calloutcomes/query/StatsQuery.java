package dev.calloutcomes.query;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.internal.WireNames;
import java.time.Instant;

/**
 * Outcome statistics over one tenant's calls created in {@code [from, to)}, grouped by one dimension, optionally of
 * one campaign, one agent or one direction only (null: any; compared exactly). Simulated calls (see
 * {@link dev.calloutcomes.call.CallRecord#simulated()}) count only with {@code includeSimulated}.
 */
public record StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy, boolean includeSimulated,
                         String campaignId, String agent, CallDirection direction) {

    /** Statistics over real calls only. */
    public StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy) {
        this(tenantId, from, to, groupBy, false);
    }

    /** Statistics over all of the tenant's calls in the range, simulated ones with {@code includeSimulated}. */
    public StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy, boolean includeSimulated) {
        this(tenantId, from, to, groupBy, includeSimulated, null, null, null);
    }

    /** The same statistics with simulated calls counted too. */
    public StatsQuery withSimulated() {
        return new StatsQuery(tenantId, from, to, groupBy, true, campaignId, agent, direction);
    }

    /** The same statistics over the calls of campaign {@code v} only (null: any campaign). */
    public StatsQuery withCampaignId(String v) {
        return new StatsQuery(tenantId, from, to, groupBy, includeSimulated, v, agent, direction);
    }

    /** The same statistics over agent {@code v}'s calls only (null: any agent). */
    public StatsQuery withAgent(String v) {
        return new StatsQuery(tenantId, from, to, groupBy, includeSimulated, campaignId, v, direction);
    }

    /** The same statistics over calls in direction {@code v} only (null: both). */
    public StatsQuery withDirection(CallDirection v) {
        return new StatsQuery(tenantId, from, to, groupBy, includeSimulated, campaignId, agent, v);
    }

    /**
     * @throws InvalidInputException for a tenant or filter with control characters or over 255 characters, a time
     *     outside years 1000 to 9999, or an empty range
     */
    public StatsQuery {
        QueryValues.tenant(tenantId);
        QueryValues.filter("campaign", campaignId);
        QueryValues.filter("agent", agent);
        QueryValues.instant("from", from);
        QueryValues.instant("to", to);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidInputException("the range must have from before to, was: " + from + ".." + to);
        }
        if (groupBy == null) {
            throw new InvalidInputException("groupBy must be day, campaign, direction, outcome, disposition or agent, was: null");
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
