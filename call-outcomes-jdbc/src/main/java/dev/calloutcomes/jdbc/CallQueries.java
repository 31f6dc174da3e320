package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The query API in SQL: filtered keyset pages and grouped outcome counts. Each statement uses an index on userId. */
final class CallQueries {
    private CallQueries() {
    }

    static List<CallRecord> page(Handle h, Dialect dialect, CallQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.CALL_COLUMNS + " FROM \"call_logs\" c WHERE c.\"userId\" = :tenant");
        if (q.outcome() != null) {
            sql.append(" AND c.outcome = :outcome");
        }
        if (q.status() != null) {
            sql.append(" AND c.status = :status");
        }
        if (q.direction() != null) {
            sql.append(" AND c.direction = :direction");
        }
        if (q.campaignId() != null) {
            sql.append(" AND c.\"campaignId\" = :campaign");
        }
        if (q.phoneNumber() != null) {
            sql.append(" AND c.\"phoneNumber\" = :phone");
        }
        if (q.roomName() != null) {
            sql.append(" AND c.\"roomName\" = :room");
        }
        if (q.from() != null) {
            sql.append(" AND c.\"createdAt\" >= :from");
        }
        if (q.to() != null) {
            sql.append(" AND c.\"createdAt\" < :to");
        }
        if (q.after() != null) {
            sql.append(" AND (c.\"createdAt\" < :cursorAt OR (c.\"createdAt\" = :cursorAt AND c.id < :cursorId))");
        }
        sql.append(" ORDER BY c.\"createdAt\" DESC, c.id DESC LIMIT :limit");
        Query query = h.createQuery(dialect.sql(sql.toString())).bind("tenant", q.tenantId())
                .bind("outcome", q.outcome() == null ? null : q.outcome().wireName())
                .bind("status", q.status() == null ? null : q.status().wireName())
                .bind("direction", q.direction()).bind("campaign", q.campaignId()).bind("phone", q.phoneNumber())
                .bind("room", q.roomName()).bind("from", Rows.ts(q.from())).bind("to", Rows.ts(q.to()))
                .bind("cursorAt", q.after() == null ? null : Rows.ts(q.after().createdAt()))
                .bind("cursorId", q.after() == null ? null : q.after().id()).bind("limit", q.limit() + 1);
        query.getContext().getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
        return query.map((rs, ctx) -> Rows.call(rs)).list();
    }

    static OutcomeStats stats(Handle h, Dialect dialect, StatsQuery q) {
        String key = switch (q.groupBy()) {
            case DAY -> "CAST(c.\"createdAt\" AS DATE)";
            case CAMPAIGN -> "c.\"campaignId\"";
            case DIRECTION -> "c.direction";
            case OUTCOME -> "c.outcome";
        };
        String sql = "SELECT " + key + " AS k, c.outcome AS o, COUNT(*) AS n, SUM(c.duration) AS d, COUNT(c.duration) AS dn "
                + "FROM \"call_logs\" c WHERE c.\"userId\" = :tenant AND c.\"createdAt\" >= :from AND c.\"createdAt\" < :to "
                + "GROUP BY " + key + ", c.outcome";
        OutcomeStats.Accumulator acc = new OutcomeStats.Accumulator(q.groupBy());
        h.createQuery(dialect.sql(sql)).bind("tenant", q.tenantId()).bind("from", Rows.ts(q.from())).bind("to", Rows.ts(q.to()))
                .map((rs, ctx) -> {
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
