package dev.calloutcomes.jdbc.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        Ddl d = Ddl.of(database);
        List<String> sql = new ArrayList<>();
        sql.add(d.rename(CALLS, "roomName", "livekitRoomName"));
        sql.add(d.rename(EVENTS, "eventType", "event"));
        sql.add(d.rename(EVENTS, "livekitRoomSid", "roomSid"));
        sql.add(d.rename(EVENTS, "error", "errorMessage"));
        sql.add(d.rename(EVENTS, "id", "seq"));
        String pk;
        try {
            pk = Ddl.primaryKeyName(Ddl.connection(database), EVENTS);
        } catch (SQLException e) {
            throw new CustomChangeException("cannot read the events table's primary key: " + e.getMessage(), e);
        }
        sql.addAll(seqThenUuidKey(d, pk));
        sql.addAll(documentColumns(d));
        sql.add("UPDATE " + d.q(EVENTS) + " SET " + d.q("processed") + " = CASE WHEN " + d.q("status") + " = 'processed' THEN 1 ELSE 0 END, "
                + d.q("processedAt") + " = CASE WHEN " + d.q("status") + " = 'processed' THEN " + d.q("receivedAt") + " END, "
                + d.q("timestamp") + " = " + d.epochSeconds("createdAt"));
        return raw(sql);
    }

    /**
     * Makes {@code seq} (the auto-increment column) unique instead of primary, and adds {@code id}, a UUID per
     * row, as the primary key. MariaDB needs a key on its auto-increment column at every moment.
     */
    static List<String> seqThenUuidKey(Ddl d, String pk) {
        List<String> sql = new ArrayList<>();
        String events = d.table(EVENTS);
        if (d.backticks()) {
            sql.add(events + "ADD CONSTRAINT " + d.q(SEQ_UNIQUE) + " UNIQUE (" + d.q("seq") + ")");
            sql.add(events + "ADD COLUMN " + d.q("id") + " VARCHAR(36)" + d.binary() + " NULL");
            sql.add("UPDATE " + d.q(EVENTS) + " SET " + d.q("id") + " = " + d.randomUuid());
            sql.add(events + "DROP PRIMARY KEY, MODIFY " + d.q("id") + " VARCHAR(36)" + d.binary() + " NOT NULL, ADD PRIMARY KEY ("
                    + d.q("id") + ")");
        } else {
            sql.add(d.dropPrimaryKey(EVENTS, pk));
            sql.add(events + "ADD CONSTRAINT " + d.q(SEQ_UNIQUE) + " UNIQUE (" + d.q("seq") + ")");
            sql.add(events + "ADD COLUMN " + d.q("id") + " VARCHAR(36)");
            sql.add("UPDATE " + d.q(EVENTS) + " SET " + d.q("id") + " = " + d.randomUuid());
            sql.add(events + "ALTER COLUMN " + d.q("id") + " SET NOT NULL");
            sql.add(events + "ADD CONSTRAINT " + d.q(EVENTS_PK) + " PRIMARY KEY (" + d.q("id") + ")");
        }
        return sql;
    }

    /** The earlier module's event columns that our earlier releases lacked. */
    static List<String> documentColumns(Ddl d) {
        String events = d.table(EVENTS);
        return List.of(events + "ADD COLUMN " + d.q("participantIdentity") + " VARCHAR(255)",
                events + "ADD COLUMN " + d.q("participantSid") + " VARCHAR(100)",
                events + "ADD COLUMN " + d.q("timestamp") + " BIGINT",
                events + "ADD COLUMN " + d.q("processed") + " INTEGER DEFAULT 1",
                events + "ADD COLUMN " + d.q("processedAt") + " " + d.timestampType());
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
