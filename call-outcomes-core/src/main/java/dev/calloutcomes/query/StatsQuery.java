package dev.calloutcomes.query;

import static dev.calloutcomes.InvalidConfigurationException.require;

import java.time.Instant;
import java.util.Locale;

/**
 * Outcome statistics over one tenant's calls created in {@code [from, to)}, grouped by one dimension.
 */
public record StatsQuery(String tenantId, Instant from, Instant to, GroupBy groupBy) {
    /** @throws InvalidQueryException for a tenant with control characters, a time outside years 1000 to 9999, or an empty range */
    public StatsQuery {
        QueryValues.tenant(tenantId);
        QueryValues.instant("from", from);
        QueryValues.instant("to", to);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidQueryException("the range must have from before to, was: " + from + ".." + to);
        }
        require(groupBy != null, "groupBy", null, "must not be null");
    }

    /** How to group: by UTC day of {@code createdAt}, by campaign, by direction or by outcome. */
    public enum GroupBy {
        DAY, CAMPAIGN, DIRECTION, OUTCOME;

        public static GroupBy fromWireName(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("groupBy must be day, campaign, direction or outcome");
            }
        }
    }
}
