package dev.calloutcomes.jdbc;

import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;

/**
 * Every statement on the events table ({@value #NAME}, the seed's name), in one place. Identifiers are
 * written quoted; {@link Dialect#sql} makes the text each database reads. Status values come from
 * {@link EventStatus}.
 */
final class CallEvents {
    static final String NAME = "livekit_call_events";
    private static final String TABLE = "\"" + NAME + "\"";
    /** The columns {@link Rows#event} reads. */
    static final String COLUMNS = "\"eventId\", \"userId\", \"callLogId\", \"event\", \"roomSid\", \"roomName\", "
            + "\"status\", \"errorMessage\", \"rawPayload\", \"createdAt\", \"receivedAt\", \"attempts\", \"keyTenantId\", "
            + "\"participantIdentity\", \"participantSid\"";
    /**
     * The columns an insert writes beyond {@link #COLUMNS}: the earlier module's row id (a UUID), the event's time in
     * epoch seconds, and its processed flag and time, which the earlier module reads.
     */
    static final String INSERTED = COLUMNS + ", \"id\", \"timestamp\", \"processed\", \"processedAt\"";
    /**
     * Sets the earlier module's processed flag and time with a status change ({@code :processed}, {@code :processedAt}:
     * null unless processed); an event processed again keeps the time it was first processed.
     */
    private static final String PROCESSED_FLAG = "\"processed\" = :processed, \"processedAt\" = CASE WHEN :processed = 1 "
            + "THEN COALESCE(\"processedAt\", :processedAt) END";
    private static final String PENDING = literal(EventStatus.PENDING);
    private static final String PROCESSED = literal(EventStatus.PROCESSED);
    private static final String FAILED = literal(EventStatus.FAILED);
    /** Events attachable to any call: failed, owned by no tenant, of a known type (the room key is added). */
    private static final String ORPHAN = "(\"userId\" IS NULL AND \"status\" = " + FAILED + " AND \"event\" IS NOT NULL)";
    private static final String DUE = "\"status\" = " + PENDING + " AND (\"availableAt\" IS NULL OR \"availableAt\" <= :now)";
    private static final String ATTACH = "UPDATE " + TABLE + " SET \"userId\" = :tenant, \"callLogId\" = :callId, \"status\" = "
            + PROCESSED + ", \"errorMessage\" = NULL, \"processed\" = 1, \"processedAt\" = COALESCE(\"processedAt\", :processedAt) WHERE ";

    private CallEvents() {
    }

    private static String literal(EventStatus status) {
        return "'" + status.wireName() + "'";
    }

    /** Inserts an event; parameters as {@link JdbcTransaction#bindEvent}. */
    static String insert(Dialect d) {
        return d.sql("INSERT INTO " + TABLE + " (" + INSERTED + ") VALUES (:eventId, :tenant, :callId, :type, :roomSid, "
                + ":roomName, :status, :error, :payload, :createdAt, :receivedAt, :attempts, :keyTenant, :participantIdentity, "
                + ":participantSid, :rowId, :timestamp, :processed, :processedAt)");
    }

    /** {@link #insert} that inserts nothing when the event id is stored (see {@link Dialect#ignoringDuplicate}). */
    static String insertIgnoringDuplicate(Dialect d) {
        return d.ignoringDuplicate(insert(d), "eventId");
    }

    /**
     * PostgreSQL: a new call and its one new event in one statement; the event is inserted only when the call
     * was, and the foreign key is checked at the statement's end, when both rows exist. Call parameters as
     * {@link CallColumns#params}, event parameters prefixed {@code e_}; the casts type what a SELECT list leaves untyped.
     */
    static String insertWithNewCall() {
        return Dialect.POSTGRESQL.sql("WITH c AS (" + CallLogs.insertIgnoringDuplicate(Dialect.POSTGRESQL) + " RETURNING \"id\") "
                + "INSERT INTO " + TABLE + " (" + INSERTED + ") SELECT :e_eventId, :e_tenant, c.\"id\", :e_type, :e_roomSid, "
                + ":e_roomName, :e_status, :e_error, :e_payload, CAST(:e_createdAt AS TIMESTAMP), CAST(:e_receivedAt AS TIMESTAMP), "
                + "CAST(:e_attempts AS INTEGER), CAST(:e_keyTenant AS VARCHAR), CAST(:e_participantIdentity AS VARCHAR), "
                + "CAST(:e_participantSid AS VARCHAR), CAST(:e_rowId AS VARCHAR), CAST(:e_timestamp AS BIGINT), "
                + "CAST(:e_processed AS INTEGER), CAST(:e_processedAt AS TIMESTAMP) FROM c ON CONFLICT (\"eventId\") DO NOTHING");
    }

    /** Gives the events of call {@code :id} of {@code :from} to {@code :to}, in the same call. */
    static String transfer(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"userId\" = :to WHERE \"callLogId\" = :id AND "
                + Dialect.tenantCheck("\"userId\"", "from"));
    }

    /** Attaches the events of call {@code :fromCall} of {@code :from} to call {@code :toCall} of {@code :to}. */
    static String moveToCall(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"userId\" = :to, \"callLogId\" = :toCall WHERE \"callLogId\" = :fromCall AND "
                + Dialect.tenantCheck("\"userId\"", "from") + " AND (\"event\" IS NULL OR \"event\" <> '" + StoreTransaction.FACT_EVENT_TYPE + "')");
    }

    /** Deletes the event {@code :id} (a spool's, once forwarded). */
    static String deleteById(Dialect d) {
        return d.sql("DELETE FROM " + TABLE + " WHERE \"eventId\" = :id");
    }

    /** The event {@code :id}. */
    static String byId(Dialect d) {
        return d.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE \"eventId\" = :id");
    }

    /** How many events have status {@code :status}. */
    static String countByStatus(Dialect d) {
        return d.sql("SELECT COUNT(*) FROM " + TABLE + " WHERE \"status\" = :status");
    }

    /** Events with status {@code :status}, oldest first. */
    static String byStatus(Dialect d) {
        return d.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE \"status\" = :status ORDER BY \"seq\"");
    }

    /** The events of call {@code :call} of {@code :tenant}, in the order they were stored. */
    static String byCall(Dialect d) {
        return d.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE \"callLogId\" = :call AND \"userId\" = :tenant ORDER BY \"seq\"");
    }

    /** Up to {@code :limit} due events, oldest first, locked (skipping rows others hold where the database can). */
    static String dueLocked(Dialect d) {
        return d.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + DUE + " ORDER BY \"seq\" LIMIT :limit"
                + d.forUpdateSkipLocked());
    }

    /**
     * PostgreSQL: leases up to {@code :limit} due events until {@code :lease} and returns them, in one
     * statement. The lease names rows by primary key only, so that a plan cached while the table was small
     * cannot pick a status index for it.
     */
    static String leaseDueReturning() {
        return Dialect.POSTGRESQL.sql("UPDATE " + TABLE + " SET \"availableAt\" = :lease WHERE \"seq\" = ANY(ARRAY(SELECT \"seq\" FROM "
                + TABLE + " WHERE " + DUE + " ORDER BY \"seq\" LIMIT :limit" + Dialect.POSTGRESQL.forUpdateSkipLocked()
                + ")) RETURNING " + COLUMNS);
    }

    /** Leases event {@code :id} until {@code :lease} if it is still due at {@code :now} (safe without SKIP LOCKED). */
    static String leaseIfDue(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"availableAt\" = :lease WHERE \"eventId\" = :id AND " + DUE);
    }

    /** Gives pending event {@code :id} back, due at once. */
    static String release(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"availableAt\" = NULL WHERE \"eventId\" = :id AND \"status\" = " + PENDING);
    }

    /** Sets {@code :status} and {@code :error} of event {@code :id}, counting an attempt. */
    static String mark(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"status\" = :status, \"errorMessage\" = :error, \"attempts\" = \"attempts\" + 1, "
                + PROCESSED_FLAG + " WHERE \"eventId\" = :id");
    }

    /** Makes event {@code :id} pending again, due at {@code :at}, with {@code :error}, counting an attempt. */
    static String scheduleRetry(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"status\" = " + PENDING + ", \"errorMessage\" = :error, \"attempts\" = \"attempts\" + 1, "
                + "\"availableAt\" = :at, \"processed\" = 0, \"processedAt\" = NULL WHERE \"eventId\" = :id");
    }

    /** Puts failed, parseable event {@code :id} back to pending, due at once, attempts reset. */
    static String requeueFailed(Dialect d) {
        return d.sql("UPDATE " + TABLE + " SET \"status\" = " + PENDING + ", \"attempts\" = 0, \"availableAt\" = NULL, "
                + "\"processed\" = 0, \"processedAt\" = NULL WHERE \"eventId\" = :id AND \"status\" = " + FAILED + " AND \"event\" IS NOT NULL");
    }

    /** Attaches event {@code :event} to call {@code :callId} of {@code :tenant}, marking it processed. */
    static String attachOne(Dialect d) {
        return d.sql(ATTACH + "\"eventId\" = :event");
    }

    /**
     * Attaches to call {@code :callId} of {@code :tenant} the orphans of the room whose {@code keyColumn}
     * ({@code roomName} or {@code roomSid}) is {@code :key}, and, {@code withEvent}, event {@code :event}.
     */
    static String attachInRoom(Dialect d, String keyColumn, boolean withEvent) {
        return d.sql(ATTACH + "\"" + keyColumn + "\" = :key AND " + orphansOr(withEvent));
    }

    /**
     * As {@link #attachInRoom} by room name {@code :key}, for a call whose room sid is known: of the orphans with
     * that name, only those without a sid (another instance's are not this call's).
     */
    static String attachSidlessInRoomNamed(Dialect d, boolean withEvent) {
        String orphans = "(" + ORPHAN + " AND \"roomSid\" IS NULL)";
        return d.sql(ATTACH + "\"roomName\" = :key AND " + (withEvent ? "(\"eventId\" = :event OR " + orphans + ")" : orphans));
    }

    /**
     * As {@link #attachInRoom}, for a room named by both {@code :name} and {@code :sid} (PostgreSQL ORs the two
     * indexes); by name, only orphans without a sid.
     */
    static String attachInRoomByBothKeys(Dialect d, boolean withEvent) {
        return d.sql(ATTACH + "(\"roomSid\" = :sid OR (\"roomName\" = :name AND \"roomSid\" IS NULL)) AND "
                + orphansOr(withEvent));
    }

    private static String orphansOr(boolean withEvent) {
        return withEvent ? "(\"eventId\" = :event OR " + ORPHAN + ")" : ORPHAN;
    }

    /**
     * A branch of a room lookup: the sid and name of rooms whose {@code keyColumn} is in the list
     * {@code <listName>} and which hold orphans, marked {@code 'o'}, shaped as {@link CallLogs#roomCallsBranch}.
     */
    static String roomOrphansBranch(String keyColumn, String listName) {
        return "SELECT DISTINCT NULL, NULL, \"roomSid\", \"roomName\", 'o', NULL, NULL FROM " + TABLE + " WHERE " + ORPHAN
                + " AND \"" + keyColumn + "\" IN (<" + listName + ">)";
    }
}
