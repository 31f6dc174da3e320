package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * A Liquibase custom change: gives the tables our earlier releases created the earlier module's column names
 * (see {@code ../shared/seed}: {@code call_logs.livekitRoomName}; in {@code livekit_call_events} {@code event},
 * {@code roomSid}, {@code errorMessage}, and {@code id} a VARCHAR(36) primary key) and adds the columns it has
 * that ours lacked ({@code participantIdentity}, {@code participantSid}, {@code timestamp}, {@code processed},
 * {@code processedAt}), filled from what the rows hold. Our event ordering moves to {@code seq}, the
 * auto-increment column that was {@code id}. Rollback restores the earlier release's schema, rows kept. Not API
 * (see the package documentation).
 */
public final class SeedNames extends SqlChange {
    static final String CALLS = "call_logs";
    static final String EVENTS = "livekit_call_events";
    static final String SEQ_UNIQUE = "uq_livekit_call_events_seq";
    static final String EVENTS_PK = "pk_livekit_call_events";

    /**
     * The statements still to run: each is left out when the catalog shows it done, so that on MariaDB, which
     * commits each DDL statement, running the changeset again completes a run that was cut off.
     */
    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        Ddl d = Ddl.of(database);
        List<String> sql = new ArrayList<>();
        try {
            Connection c = Ddl.connection(database);
            Set<String> calls = Catalog.columns(c, CALLS);
            Set<String> events = Catalog.columns(c, EVENTS);
            rename(d, sql, calls, CALLS, "roomName", "livekitRoomName");
            rename(d, sql, events, EVENTS, "eventType", "event");
            rename(d, sql, events, EVENTS, "livekitRoomSid", "roomSid");
            rename(d, sql, events, EVENTS, "error", "errorMessage");
            if (!events.contains("seq")) {
                sql.add(d.rename(EVENTS, "id", "seq"));
                sql.addAll(uuidKey(d, Ddl.primaryKeyName(c, EVENTS), false, false));
            } else if (!events.contains("id") || !"id".equals(primaryKeyColumn(c))) {
                // A run cut off after renaming id to seq (MariaDB commits each DDL statement).
                sql.addAll(uuidKey(d, Ddl.primaryKeyName(c, EVENTS), hasUniqueConstraint(c, d, SEQ_UNIQUE), events.contains("id")));
            }
            documentColumns(d).forEach((name, add) -> {
                if (!events.contains(name)) {
                    sql.add(add);
                }
            });
        } catch (SQLException e) {
            throw new CustomChangeException("cannot read the tables' columns: " + e.getMessage(), e);
        }
        sql.add("UPDATE " + d.q(EVENTS) + " SET " + d.q("processed") + " = CASE WHEN " + d.q("status") + " = 'processed' THEN 1 ELSE 0 END, "
                + d.q("processedAt") + " = CASE WHEN " + d.q("status") + " = 'processed' THEN " + d.q("receivedAt") + " END, "
                + d.q("timestamp") + " = " + d.epochSeconds("createdAt"));
        return raw(sql);
    }

    private static void rename(Ddl d, List<String> sql, Set<String> columns, String table, String from, String to) {
        if (columns.contains(from) && !columns.contains(to)) {
            sql.add(d.rename(table, from, to));
        }
    }

    private static String primaryKeyColumn(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), EVENTS)) {
            return rs.next() ? rs.getString("COLUMN_NAME") : null;
        }
    }

    /**
     * Makes {@code seq} (the auto-increment column, primary key {@code pk} unless a cut-off run dropped it) unique
     * instead of primary, and adds {@code id}, a UUID per row, as the primary key; what a cut-off run did already
     * ({@code uniqueSeq}, {@code idAdded}) is not done again.
     */
    private static List<String> uuidKey(Ddl d, String pk, boolean uniqueSeq, boolean idAdded) {
        List<String> sql = new ArrayList<>();
        String events = d.table(EVENTS);
        String addUnique = events + "ADD CONSTRAINT " + d.q(SEQ_UNIQUE) + " UNIQUE (" + d.q("seq") + ")";
        String fillIds = "UPDATE " + d.q(EVENTS) + " SET " + d.q("id") + " = " + d.randomUuid() + " WHERE " + d.q("id") + " IS NULL";
        if (d.backticks()) {
            // MariaDB needs a key on its auto-increment column at every moment: the unique one before the primary goes.
            if (!uniqueSeq) {
                sql.add(addUnique);
            }
            if (!idAdded) {
                sql.add(events + "ADD COLUMN " + d.q("id") + " VARCHAR(36)" + d.binary() + " NULL");
            }
            sql.add(fillIds);
            sql.add(events + (pk != null ? "DROP PRIMARY KEY, " : "") + "MODIFY " + d.q("id") + " VARCHAR(36)" + d.binary()
                    + " NOT NULL, ADD PRIMARY KEY (" + d.q("id") + ")");
        } else {
            // H2 would back a unique constraint on the primary key's column with the primary key's own index, and then
            // refuse to drop the primary key: the primary key goes first, as in a first run.
            if (pk != null) {
                sql.add(d.dropPrimaryKey(EVENTS, pk));
            }
            if (!uniqueSeq) {
                sql.add(addUnique);
            }
            if (!idAdded) {
                sql.add(events + "ADD COLUMN " + d.q("id") + " VARCHAR(36)");
            }
            sql.add(fillIds);
            sql.add(events + "ALTER COLUMN " + d.q("id") + " SET NOT NULL");
            sql.add(events + "ADD CONSTRAINT " + d.q(EVENTS_PK) + " PRIMARY KEY (" + d.q("id") + ")");
        }
        return sql;
    }

    /**
     * Whether the events table has the unique constraint {@code name}, by name: an index on {@code seq} alone may be
     * the primary key's (H2 names its primary key's index apart from the constraint, so a cut-off run, whose
     * {@code seq} was still primary, looked unique there and lost its constraint).
     */
    private static boolean hasUniqueConstraint(Connection c, Ddl d, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM information_schema.table_constraints"
                + " WHERE constraint_type = 'UNIQUE' AND table_name = ? AND constraint_schema = ? AND constraint_name = ?")) {
            s.setString(1, EVENTS);
            s.setString(2, d.backticks() ? c.getCatalog() : c.getSchema());
            s.setString(3, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** The earlier module's event columns that our earlier releases lacked. */
    static Map<String, String> documentColumns(Ddl d) {
        Map<String, String> columns = new LinkedHashMap<>();
        String events = d.table(EVENTS);
        for (String[] column : new String[][] {{"participantIdentity", "VARCHAR(255)"}, {"participantSid", "VARCHAR(100)"},
                {"timestamp", "BIGINT"}, {"processed", "INTEGER DEFAULT 1"}, {"processedAt", d.timestampType()}}) {
            columns.put(column[0], events + "ADD COLUMN " + d.q(column[0]) + " " + column[1]);
        }
        return columns;
    }

    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        Ddl d = Ddl.of(database);
        String events = d.table(EVENTS);
        List<String> sql = new ArrayList<>();
        for (String column : List.of("participantIdentity", "participantSid", "timestamp", "processed", "processedAt")) {
            sql.add(events + "DROP COLUMN " + d.q(column));
        }
        if (d.backticks()) {
            sql.add(events + "DROP PRIMARY KEY, DROP COLUMN " + d.q("id") + ", ADD PRIMARY KEY (" + d.q("seq") + ")");
            sql.add(events + "DROP INDEX " + d.q(SEQ_UNIQUE));
        } else {
            sql.add(d.dropPrimaryKey(EVENTS, EVENTS_PK));
            sql.add(events + "DROP COLUMN " + d.q("id"));
            sql.add(events + "DROP CONSTRAINT " + d.q(SEQ_UNIQUE));
            sql.add(events + "ADD " + (d == Ddl.POSTGRESQL ? "CONSTRAINT " + d.q(EVENTS + "_pkey") + " " : "")
                    + "PRIMARY KEY (" + d.q("seq") + ")");
        }
        sql.add(d.rename(EVENTS, "seq", "id"));
        sql.add(d.rename(EVENTS, "errorMessage", "error"));
        sql.add(d.rename(EVENTS, "roomSid", "livekitRoomSid"));
        sql.add(d.rename(EVENTS, "event", "eventType"));
        sql.add(d.rename(CALLS, "livekitRoomName", "roomName"));
        return raw(sql);
    }

    static SqlStatement[] raw(List<String> sql) {
        return sql.stream().map(RawSqlStatement::new).toArray(SqlStatement[]::new);
    }

    @Override
    public String getConfirmationMessage() {
        return "tables carry the earlier module's column names";
    }
}
