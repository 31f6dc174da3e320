/**
 * Reading calls back: filtered, keyset-paged lists ({@link dev.calloutcomes.query.CallQuery},
 * {@link dev.calloutcomes.query.CallPage}) and outcome statistics ({@link dev.calloutcomes.query.StatsQuery},
 * {@link dev.calloutcomes.query.OutcomeStats}), always within one tenant.
 */
package dev.calloutcomes.query;
