package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.internal.StatsAccumulator;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/** The query API: filtered keyset pages and grouped outcome counts ({@link CallLogs#page}, {@link CallLogs#stats}), bound and read. */
final class CallQueries {
    private CallQueries() {
    }

    static List<CallRecord> page(Handle h, Dialect dialect, CallQuery q) {
        Query query = h.createQuery(CallLogs.page(dialect, q)).bind("tenant", q.tenantId())
                .bind("outcome", q.outcome() == null ? null : q.outcome().wireName())
                .bind("disposition", q.disposition() == null ? null : q.disposition().wireName()).bind("agent", q.agent())
                .bind("status", q.status() == null ? null : q.status().wireName())
                .bind("direction", q.direction() == null ? null : q.direction().wireName()).bind("campaign", q.campaignId()).bind("phone", q.phoneNumber())
                .bind("room", q.roomName()).bind("from", Rows.ts(q.from())).bind("to", Rows.ts(q.to()))
                .bind("cursorAt", q.after() == null ? null : Rows.ts(q.after().createdAt()))
                .bind("cursorId", q.after() == null ? null : q.after().id()).bind("limit", q.limit() + 1);
        query.getContext().getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        return query.map((rs, ctx) -> CallColumns.read(rs)).list();
    }

    static OutcomeStats stats(Handle h, Dialect dialect, StatsQuery q) {
        StatsAccumulator acc = new StatsAccumulator(q.groupBy());
        Query query = h.createQuery(CallLogs.stats(dialect, q)).bind("tenant", q.tenantId())
                .bind("from", Rows.ts(q.from())).bind("to", Rows.ts(q.to())).bind("campaign", q.campaignId()).bind("agent", q.agent())
                .bind("direction", q.direction() == null ? null : q.direction().wireName());
        query.getContext().getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        query.map((rs, ctx) -> {
                    Object k = rs.getObject("k");
                    String keyText = k == null ? null : k instanceof Date d ? d.toLocalDate().toString()
                            : k instanceof LocalDate ld ? ld.toString() : k.toString();
                    String o = rs.getString("o");
                    acc.add(keyText, o == null ? null : Outcome.fromWireName(o), rs.getLong("n"), rs.getLong("d"), rs.getLong("dn"));
                    return 0;
                }).list();
        return acc.build();
    }
}
