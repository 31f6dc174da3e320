package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.StatsQuery;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every statement on the calls table ({@value #NAME}, the seed's name), in one place. Identifiers are
 * written quoted (our tables are created with quoted lower-case names); {@link Dialect#sql} makes the
 * text each database reads. Status values come from {@link CallStatus}. Calls are aliased {@code c}.
 */
final class CallLogs {
    static final String NAME = "call_logs";
    private static final String TABLE = "\"" + NAME + "\"";
    /** The columns {@link CallColumns} lists, qualified by {@code c}. */
    static final String COLUMNS = CallColumns.ALL.stream().map(c -> "c.\"" + c.name() + "\"").collect(Collectors.joining(", "));
    private static final Map<Dialect, String> INSERT = byDialect(CallLogs::insertText);
    private static final Map<Dialect, String> UPDATE = byDialect(CallLogs::updateText);
    private static final String SELECT = "SELECT " + COLUMNS + " FROM " + TABLE + " c ";
    /** Calls that have not ended and were not merely registered: what a sweep closes. */
    private static final String OPEN = Stream.of(CallStatus.DIALING, CallStatus.RINGING, CallStatus.IN_PROGRESS)
            .map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", ", "(", ")"));

    private CallLogs() {
    }

    /** Inserts a whole row; parameters as {@link CallColumns#params}. */
    static String insert(Dialect d) {
        return INSERT.get(d);
    }

    private static String insertText(Dialect d) {
        return d.sql("INSERT INTO " + TABLE + " (" + CallColumns.ALL.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "))
                + ") VALUES (" + CallColumns.ALL.stream().map(c -> value(d, c)).collect(Collectors.joining(", ")) + ")");
    }

    private static String value(Dialect d, CallColumns.Column c) {
        return c.kind() == CallColumns.Kind.JSON ? d.json(c.param()) : ":" + c.param();
    }

    private static Map<Dialect, String> byDialect(Function<Dialect, String> text) {
        Map<Dialect, String> byDialect = new EnumMap<>(Dialect.class);
        for (Dialect d : Dialect.values()) {
            byDialect.put(d, text.apply(d));
        }
        return byDialect;
    }

    /** {@link #insert} that inserts nothing when the id is stored (see {@link Dialect#ignoringDuplicate}). */
    static String insertIgnoringDuplicate(Dialect d) {
        return d.ignoringDuplicate(insert(d), "id");
    }

    /** Writes a whole row by tenant and id (all but what {@link CallColumns.Kind#INSERTED} names); parameters as {@link CallColumns#params}. */
    static String update(Dialect d) {
        return UPDATE.get(d);
    }

    private static String updateText(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET " + CallColumns.ALL.stream().filter(c -> c.kind() != CallColumns.Kind.INSERTED)
                .map(c -> "\"" + c.name() + "\" = " + value(d, c)).collect(Collectors.joining(", "))
                + " WHERE \"id\" = :id AND " + Dialect.tenantCheck("\"userId\"", "tenant"));
    }

    /** The call {@code :id}, locked until the transaction ends. */
    static String lock(Dialect d) {
        return d.sql(SELECT + "WHERE c.\"id\" = :id FOR UPDATE");
    }

    /** The call {@code :id} of {@code :tenant}. */
    static String byId(Dialect d) {
        return d.sql(SELECT + "WHERE c.\"id\" = :id AND " + Dialect.tenantCheck("c.\"userId\"", "tenant"));
    }

    /** The call of {@code :tenant} whose room sid is {@code :key}. */
    static String byRoomSid(Dialect d) {
        return d.sql(SELECT + "WHERE " + Dialect.tenantCheck("c.\"userId\"", "tenant") + " AND c.\"livekitRoomSid\" = :key");
    }

    /** The call of {@code :tenant} whose room name is {@code :key}. */
    static String byRoomName(Dialect d) {
        return d.sql(SELECT + "WHERE " + Dialect.tenantCheck("c.\"userId\"", "tenant") + " AND c.\"livekitRoomName\" = :key");
    }

    /** Up to {@code :limit} open calls not updated since {@code :cutoff}, oldest first. */
    static String openUpdatedBefore(Dialect d) {
        return d.sql(SELECT + "WHERE c.\"status\" IN " + OPEN + " AND c.\"updatedAt\" < :cutoff ORDER BY c.\"updatedAt\" LIMIT :limit");
    }

    /** Deletes call {@code :id} of {@code :tenant}. */
    static String delete(Dialect d) {
        return d.sql("DELETE FROM " + TABLE + " WHERE \"id\" = :id AND " + Dialect.tenantCheck("\"userId\"", "tenant"));
    }

    /** How many calls of {@code :tenant} are in status {@code :status}. */
    static String countInStatus(Dialect d) {
        return d.sql("SELECT COUNT(*) FROM " + TABLE + " WHERE \"userId\" = :tenant AND " + Dialect.tenantCheck("\"userId\"", "tenant")
                + " AND \"status\" = :status");
    }

    /** Gives call {@code :id} of {@code :from} to {@code :to}. */
    static String transfer(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"userId\" = :to WHERE \"id\" = :id AND " + Dialect.tenantCheck("\"userId\"", "from"));
    }

    /** Deletes the calls of {@code :tenant} (their events go with them: ON DELETE CASCADE). */
    static String deleteTenant(Dialect d) {
        return d.sql("DELETE FROM " + TABLE + " WHERE \"userId\" = :tenant");
    }

    /**
     * A branch of a room lookup: id, tenant, sid, name, the marker {@code 'c'} and the status of the calls
     * whose {@code keyColumn} ({@code livekitRoomSid} or {@code livekitRoomName}) is in the list {@code <listName>}.
     */
    static String roomCallsBranch(String keyColumn, String listName) {
        return "SELECT \"id\", \"userId\", \"livekitRoomSid\", \"livekitRoomName\", 'c', \"status\", \"ownerEvidence\" FROM " + TABLE
                + " WHERE \"" + keyColumn + "\" IN (<" + listName + ">)";
    }

    /** A keyset page of {@code q} (one row more than its limit, to tell whether a next page exists). */
    static String page(Dialect d, CallQuery q) {
        StringBuilder sql = new StringBuilder(SELECT + "WHERE c.\"userId\" = :tenant");
        and(sql, q.outcome(), "c.\"outcome\" = :outcome");
        and(sql, q.disposition(), "c.\"disposition\" = :disposition");
        and(sql, q.agent(), "c.\"agent\" = :agent");
        and(sql, q.status(), "c.\"status\" = :status");
        and(sql, q.direction(), "c.\"direction\" = :direction");
        and(sql, q.campaignId(), "c.\"campaignId\" = :campaign");
        and(sql, q.phoneNumber(), "c.\"phoneNumber\" = :phone");
        and(sql, q.roomName(), "c.\"livekitRoomName\" = :room");
        and(sql, q.from(), "c.\"createdAt\" >= :from");
        and(sql, q.to(), "c.\"createdAt\" < :to");
        and(sql, q.after(), "(c.\"createdAt\" < :cursorAt OR (c.\"createdAt\" = :cursorAt AND c.\"id\" < :cursorId))");
        sql.append(" ORDER BY c.\"createdAt\" DESC, c.\"id\" DESC LIMIT :limit");
        return d.sql(sql.toString());
    }

    private static void and(StringBuilder sql, Object filter, String condition) {
        if (filter != null) {
            sql.append(" AND ").append(condition);
        }
    }

    /**
     * Counts, duration sums and timed counts of {@code :tenant}'s calls in [{@code :from}, {@code :to}) (of
     * {@code :campaign}, {@code :agent}, {@code :direction} when {@code q} filters them), by key {@code k} and
     * outcome {@code o}.
     */
    static String stats(Dialect d, StatsQuery q) {
        String key = switch (q.groupBy()) {
            case DAY -> "CAST(c.\"createdAt\" AS DATE)";
            case CAMPAIGN -> "c.\"campaignId\"";
            case DIRECTION -> "c.\"direction\"";
            case OUTCOME -> "c.\"outcome\"";
            case DISPOSITION -> "c.\"disposition\"";
            case AGENT -> "c.\"agent\"";
        };
        StringBuilder sql = new StringBuilder("SELECT " + key + " AS k, c.\"outcome\" AS o, COUNT(*) AS n, SUM(c.\"duration\") AS d, "
                + "COUNT(c.\"duration\") AS dn FROM " + TABLE + " c WHERE c.\"userId\" = :tenant AND c.\"createdAt\" >= :from "
                + "AND c.\"createdAt\" < :to" + (q.includeSimulated() ? "" : " AND c.\"simulated\" = FALSE"));
        and(sql, q.campaignId(), "c.\"campaignId\" = :campaign");
        and(sql, q.agent(), "c.\"agent\" = :agent");
        and(sql, q.direction(), "c.\"direction\" = :direction");
        return d.sql(sql.append(" GROUP BY ").append(key).append(", c.\"outcome\"").toString());
    }
}
