package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import liquibase.database.Database;

/**
 * Adopts, in place, the tables of the earlier Python module ({@code ../shared/seed}): {@code call_logs} with the
 * nine columns that module added, and {@code livekit_call_events} as its document writes it. Adoption adds our
 * columns beside the module's, fills them from what the rows hold (an event's status from {@code processed}, a
 * call's fields as a registration so that reprocessing keeps them), converts what must be converted (JSON payloads
 * to text, which stays readable; NOT NULL dropped where we store what the module never did), and creates our
 * indexes. Every step is recorded, before it runs, in {@value #RECORD} with the statements that undo it, so that
 * {@link #restore} returns exactly the module's schema, every row kept.
 *
 * <p>A step runs only when its probe says it is not done yet, so a run cut off midway (MariaDB and H2 commit each
 * DDL statement) completes when run again; on PostgreSQL the caller runs the whole adoption in one transaction.
 * Not API (see the package documentation).
 */
public final class EarlierModule {
    /** Where adoption records its steps and how to undo them. */
    public static final String RECORD = "call_outcomes_adoption";
    static final String CALLS = SeedNames.CALLS;
    static final String EVENTS = SeedNames.EVENTS;

    private final Connection c;
    private final Ddl d;

    private EarlierModule(Connection c, Ddl d) {
        this.c = c;
        this.d = d;
    }

    public static EarlierModule on(Database database) {
        return new EarlierModule(Ddl.connection(database), Ddl.of(database));
    }

    /** On {@code c}, whose database is one of ours by its product name. */
    public static EarlierModule on(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        Ddl d = product.contains("postgres") ? Ddl.POSTGRESQL : product.contains("h2") ? Ddl.H2
                : product.contains("mariadb") ? Ddl.MARIADB : Ddl.MYSQL;
        return new EarlierModule(c, d);
    }

    /** How a step tells that it is done: its table and column, index or constraint, and what to look for. */
    record Probe(Kind kind, String table, String name, String value) {
        enum Kind { COLUMN, NULLABLE, NOT_NULL, TEXT_PAYLOAD, NO_UNIQUE, INDEX, NO_NULLS, LENGTH, REGISTRATIONS, BINARY }
    }

    /** One step: what it does, how to tell it is done, its statements, and the statements that undo it. */
    record Step(String id, String description, Probe probe, List<String> forward, List<String> reverse) {
    }

    /**
     * The tables the earlier module left that are not adopted yet, as {@code table (the columns that tell)}: its
     * {@code call_logs} has {@code livekitRoomName} without our {@code registration}; its events table has
     * {@code processed} without our {@code seq}. Also a run that was cut off midway.
     */
    public List<String> found() throws SQLException {
        List<String> found = new ArrayList<>();
        Set<String> calls = Catalog.columns(c, CALLS);
        if (calls.contains("livekitRoomName") && !calls.contains("registration")) {
            found.add(CALLS + " (livekitRoomName)");
        }
        Set<String> events = Catalog.columns(c, EVENTS);
        if (events.contains("processed") && !events.contains("seq")) {
            found.add(EVENTS + " (event, processed)");
        }
        if (found.isEmpty() && recordExists() && !pending().isEmpty()) {
            found.add(RECORD + " (an adoption cut off midway)");
        }
        return List.copyOf(found);
    }

    /** Whether adoption ran here (its record exists): downgrade restores the earlier module's schema. */
    public boolean adopted() throws SQLException {
        return recordExists();
    }

    /** What adoption would still do, one line per step. */
    public List<String> pending() throws SQLException {
        List<String> lines = new ArrayList<>();
        for (Step step : steps()) {
            if (!done(step.probe())) {
                lines.add(step.description());
            }
        }
        return lines;
    }

    /** Runs every step not done yet, each recorded before it runs. */
    public void adopt() throws SQLException {
        adopt(Integer.MAX_VALUE);
    }

    /** Runs at most {@code steps} of the steps not done yet, as a run cut off midway would (tests). */
    public void adopt(int steps) throws SQLException {
        if (!recordExists()) {
            exec(List.of("CREATE TABLE " + d.q(RECORD) + " (" + d.q("position") + " INTEGER NOT NULL, " + d.q("step") + " VARCHAR(100) NOT NULL PRIMARY KEY, "
                    + d.q("description") + " VARCHAR(500) NOT NULL, " + d.q("probeKind") + " VARCHAR(20) NOT NULL, " + d.q("probeTable") + " VARCHAR(64) NOT NULL, "
                    + d.q("probeName") + " VARCHAR(255), " + d.q("probeValue") + " VARCHAR(255), " + d.q("undo") + " " + (d.backticks() ? "LONGTEXT" : d == Ddl.H2 ? "CLOB" : "TEXT") + ")"));
        }
        int position = nextPosition();
        Set<String> ran = new HashSet<>();
        // Planned again after each step: a step's statements are written from the catalog as the steps before left it.
        for (int left = steps; left > 0; left--) {
            Step step = null;
            for (Step candidate : steps()) {
                if (!done(candidate.probe())) {
                    step = candidate;
                    break;
                }
            }
            if (step == null) {
                return;
            }
            if (!ran.add(step.id())) {
                throw new SQLException("adoption step '" + step.description() + "' ran and is still not done");
            }
            record(position++, step);
            if (step.probe().kind() == Probe.Kind.REGISTRATIONS) {
                Registrations.fill(c, d);
            } else {
                exec(step.forward());
            }
        }
    }

    /**
     * Undoes every recorded step that is done, last first, and drops the record: the earlier module's schema.
     *
     * @throws SQLException naming what stops it (rows the earlier schema cannot hold); PostgreSQL's caller rolls back
     */
    public void restore() throws SQLException {
        checkRestorable();
        List<Object[]> steps = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + d.q("step") + ", " + d.q("probeKind") + ", "
                + d.q("probeTable") + ", " + d.q("probeName") + ", " + d.q("probeValue") + ", " + d.q("undo") + " FROM " + d.q(RECORD)
                + " ORDER BY " + d.q("position") + " DESC")) {
            while (rs.next()) {
                steps.add(new Object[] {rs.getString(1), new Probe(Probe.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5)), rs.getString(6)});
            }
        }
        for (Object[] step : steps) {
            if (done((Probe) step[1])) {
                String undo = (String) step[2];
                exec(undo == null || undo.isEmpty() ? List.of() : List.of(undo.split(";\n")));
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
                s.setString(1, (String) step[0]);
                s.executeUpdate();
            }
        }
        exec(List.of("DROP TABLE " + d.q(RECORD)));
    }

    /**
     * @throws SQLException naming the rows the earlier module's schema cannot hold (our unattributed and malformed
     *         events), before anything is changed
     */
    public void checkRestorable() throws SQLException {
        List<String> refused = unholdable();
        if (!refused.isEmpty()) {
            throw new SQLException("the earlier module's schema cannot hold " + String.join("; ", refused)
                    + ": delete or fix them (they were stored by call-outcomes), then downgrade again");
        }
    }

    /** Rows the earlier module's NOT NULL columns would refuse (our unattributed and malformed events). */
    private List<String> unholdable() throws SQLException {
        List<String> refused = new ArrayList<>();
        for (String column : List.of("userId", "event", "roomName", "timestamp")) {
            if (notNullDropped(column)) {
                int rows = count("SELECT COUNT(*) FROM " + d.q(EVENTS) + " WHERE " + d.q(column) + " IS NULL");
                if (rows > 0) {
                    refused.add(rows + " event(s) without " + column);
                }
            }
        }
        return refused;
    }

    private boolean notNullDropped(String column) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
            s.setString(1, "nullable:" + EVENTS + "." + column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    /** Every step, in order; each knows from the catalog as it is now how to undo itself. */
    private List<Step> steps() throws SQLException {
        List<Step> steps = new ArrayList<>();
        String e = d.table(EVENTS);
        String ts = d.timestampType();
        // The events table: our insertion order, queue state and attribution beside the module's columns.
        steps.add(new Step("add:" + EVENTS + ".seq", "add " + EVENTS + ".seq (insertion order, unique)",
                new Probe(Probe.Kind.COLUMN, EVENTS, "seq", null),
                d.backticks() ? List.of(e + "ADD COLUMN `seq` BIGINT NOT NULL AUTO_INCREMENT, ADD CONSTRAINT `" + SeedNames.SEQ_UNIQUE + "` UNIQUE (`seq`)")
                        : List.of(e + "ADD COLUMN " + d.q("seq") + " BIGINT GENERATED BY DEFAULT AS IDENTITY",
                        e + "ADD CONSTRAINT " + d.q(SeedNames.SEQ_UNIQUE) + " UNIQUE (" + d.q("seq") + ")"),
                List.of(e + "DROP COLUMN " + d.q("seq"))));
        // Added without a default (which would fill the existing rows), filled, then given it: the module's own writes arrive pending.
        steps.add(addColumn(EVENTS, "status", "VARCHAR(16)" + d.binary(), "queue state"));
        steps.add(fill(EVENTS, "status", "CASE WHEN " + d.q("processed") + " = 1 THEN 'processed' ELSE 'failed' END", "from processed"));
        steps.add(setNotNull(EVENTS, "status", "VARCHAR(16)" + d.binary(), "'pending'"));
        steps.add(addColumn(EVENTS, "receivedAt", ts, "when stored"));
        steps.add(fill(EVENTS, "receivedAt", "COALESCE(" + d.q("createdAt") + ", CURRENT_TIMESTAMP)", "from createdAt"));
        steps.add(setNotNull(EVENTS, "receivedAt", ts, "CURRENT_TIMESTAMP"));
        steps.add(addColumn(EVENTS, "attempts", "INTEGER DEFAULT 0 NOT NULL", "processing attempts"));
        steps.add(addColumn(EVENTS, "availableAt", ts, "when a pending event may be claimed"));
        steps.add(addColumn(EVENTS, "keyTenantId", "VARCHAR(255)" + d.binary(), "the tenant of the API key that signed it"));
        for (String column : List.of("userId", "event", "roomName", "timestamp")) {
            if (!nullable(EVENTS, column)) {
                steps.add(dropNotNull(EVENTS, column));
            }
        }
        steps.add(payloadAsText());
        steps.add(index(EVENTS, "ix_events_call", "callLogId"));
        steps.add(index(EVENTS, "ix_events_call_tenant", "callLogId", "userId"));
        steps.add(index(EVENTS, "ix_events_room_sid", "roomSid"));
        steps.add(index(EVENTS, "ix_events_room_name", "roomName"));
        steps.add(index(EVENTS, "ix_events_status", "status", "seq"));
        if (d == Ddl.POSTGRESQL) {
            steps.add(new Step("index:" + EVENTS + ".ix_events_pending", "index pending events by seq",
                    new Probe(Probe.Kind.INDEX, EVENTS, "ix_events_pending", null),
                    List.of("CREATE INDEX \"ix_events_pending\" ON \"" + EVENTS + "\" (\"seq\") WHERE \"status\" = 'pending'"),
                    List.of("DROP INDEX \"ix_events_pending\"")));
        } else {
            steps.add(index(EVENTS, "ix_events_due", "status", "availableAt"));
        }
        // The calls table: our columns beside the module's nine.
        Set<String> calls = Catalog.columns(c, CALLS);
        for (String[] column : new String[][] {{"phoneNumber", "VARCHAR(64)" + d.binary()}, {"duration", "INTEGER"},
                {"startedAt", ts}, {"endedAt", ts}, {"createdAt", ts}, {"status", "VARCHAR(16)" + d.binary()},
                {"outcome", "VARCHAR(16)" + d.binary()}, {"reason", "VARCHAR(64)" + d.binary()},
                {"direction", "VARCHAR(16)" + d.binary()}, {"campaignId", "VARCHAR(255)" + d.binary()},
                {"leadId", "VARCHAR(255)" + d.binary()}, {"livekitRoomName", "VARCHAR(255)" + d.binary()},
                {"livekitRoomSid", "VARCHAR(255)" + d.binary()}, {"sipCallId", "VARCHAR(255)" + d.binary()},
                {"trunkNumber", "VARCHAR(64)" + d.binary()}, {"recordingUrl", "VARCHAR(2048)"},
                {"metadata", d == Ddl.POSTGRESQL ? "JSONB" : "JSON"}, {"registration", d.backticks() ? "LONGTEXT" : d == Ddl.H2 ? "CLOB" : "TEXT"},
                {"updatedAt", ts}, {"ownerEvidence", "VARCHAR(32)"}, {"ownerContested", "BOOLEAN DEFAULT FALSE NOT NULL"}}) {
            if (!calls.contains(column[0])) {
                steps.add(addColumn(CALLS, column[0], column[1], "ours"));
            }
        }
        Integer urlLength = length(CALLS, "recordingUrl");
        if (urlLength != null && urlLength < 2048) {
            String was = "VARCHAR(" + urlLength + ")";
            steps.add(new Step("widen:" + CALLS + ".recordingUrl", "widen " + CALLS + ".recordingUrl from " + was + " to VARCHAR(2048)",
                    new Probe(Probe.Kind.LENGTH, CALLS, "recordingUrl", "2048"),
                    List.of(retype(CALLS, "recordingUrl", "VARCHAR(2048)")), List.of(retype(CALLS, "recordingUrl", was))));
        }
        String unique = uniqueConstraint(CALLS, "livekitRoomSid");
        if (unique != null) {
            steps.add(new Step("unique:" + CALLS + ".livekitRoomSid", "drop the unique constraint " + unique + " on " + CALLS
                    + ".livekitRoomSid (a room instance may hold a call per registering tenant)",
                    new Probe(Probe.Kind.NO_UNIQUE, CALLS, unique, null),
                    List.of(d.backticks() ? d.table(CALLS) + "DROP INDEX " + d.q(unique) : d.table(CALLS) + "DROP CONSTRAINT " + d.q(unique)),
                    List.of(d.table(CALLS) + "ADD CONSTRAINT " + d.q(unique) + " UNIQUE (" + d.q("livekitRoomSid") + ")")));
        }
        steps.add(new Step("fill:" + CALLS + ".registration", "keep each call's own fields (phone, direction, campaign, lead, "
                + "metadata) as its registration, so that reprocessing keeps them",
                new Probe(Probe.Kind.REGISTRATIONS, CALLS, "registration", null), List.of(), List.of()));
        steps.add(index(CALLS, "ix_call_logs_tenant_created", "userId", "createdAt", "id"));
        steps.add(index(CALLS, "ix_call_logs_tenant_outcome", "userId", "outcome", "createdAt"));
        steps.add(index(CALLS, "ix_call_logs_tenant_campaign", "userId", "campaignId", "createdAt"));
        steps.add(index(CALLS, "ix_call_logs_room_sid", "livekitRoomSid"));
        steps.add(index(CALLS, "ix_call_logs_room_name", "livekitRoomName"));
        steps.add(index(CALLS, "ix_call_logs_open", "status", "updatedAt"));
        if (d.backticks()) {
            steps.add(new Step("binary:identifiers", "make identifier columns compare byte for byte",
                    new Probe(Probe.Kind.BINARY, EVENTS, "eventId", null),
                    BinaryIdentifierColumns.statements(c, BinaryIdentifierColumns.SEED_NAMES, BinaryIdentifierColumns.binaryCollation(d == Ddl.MARIADB)),
                    BinaryIdentifierColumns.statements(c, BinaryIdentifierColumns.SEED_NAMES, null)));
        }
        return steps;
    }

    private Step addColumn(String table, String column, String type, String why) {
        return new Step("add:" + table + "." + column, "add " + table + "." + column + " (" + why + ")",
                new Probe(Probe.Kind.COLUMN, table, column, null),
                List.of(d.table(table) + "ADD COLUMN " + d.q(column) + " " + type), List.of(d.table(table) + "DROP COLUMN " + d.q(column)));
    }

    private Step fill(String table, String column, String value, String from) {
        return new Step("fill:" + table + "." + column, "fill " + table + "." + column + " " + from,
                new Probe(Probe.Kind.NO_NULLS, table, column, null),
                List.of("UPDATE " + d.q(table) + " SET " + d.q(column) + " = " + value + " WHERE " + d.q(column) + " IS NULL"), List.of());
    }

    /** Makes a column of ours NOT NULL with {@code dflt}, the value the earlier module's own inserts get. */
    private Step setNotNull(String table, String column, String type, String dflt) {
        return new Step("notnull:" + table + "." + column, "make " + table + "." + column + " NOT NULL DEFAULT " + dflt,
                new Probe(Probe.Kind.NOT_NULL, table, column, null),
                d.backticks() ? List.of(d.table(table) + "MODIFY " + d.q(column) + " " + type + " NOT NULL DEFAULT " + dflt)
                        : List.of(d.table(table) + "ALTER COLUMN " + d.q(column) + " SET DEFAULT " + dflt,
                        d.table(table) + "ALTER COLUMN " + d.q(column) + " SET NOT NULL"), List.of());
    }

    private Step dropNotNull(String table, String column) throws SQLException {
        List<String> forward;
        List<String> reverse;
        if (d.backticks()) {
            String definition = mariaDefinition(table, column);
            forward = List.of(d.table(table) + "MODIFY " + d.q(column) + " " + definition + " NULL");
            reverse = List.of(d.table(table) + "MODIFY " + d.q(column) + " " + definition + " NOT NULL");
        } else {
            forward = List.of(d.table(table) + "ALTER COLUMN " + d.q(column) + " DROP NOT NULL");
            reverse = List.of(d.table(table) + "ALTER COLUMN " + d.q(column) + " SET NOT NULL");
        }
        return new Step("nullable:" + table + "." + column, "allow NULL in " + table + "." + column
                + " (unattributed and malformed events are kept too)", new Probe(Probe.Kind.NULLABLE, table, column, null), forward, reverse);
    }

    /** The payload column as text: JSON columns refuse the malformed bodies we keep, and PostgreSQL's JSONB wants casts. */
    private Step payloadAsText() throws SQLException {
        String column = d.q("rawPayload");
        List<String> forward;
        List<String> reverse;
        String type = typeName(EVENTS, "rawPayload");
        if (d == Ddl.POSTGRESQL) {
            forward = List.of(d.table(EVENTS) + "ALTER COLUMN " + column + " TYPE TEXT USING " + column + "::text");
            reverse = List.of(d.table(EVENTS) + "ALTER COLUMN " + column + " TYPE " + type + " USING " + column + "::" + type);
        } else if (d == Ddl.H2) {
            forward = List.of(d.table(EVENTS) + "ALTER COLUMN " + column + " SET DATA TYPE CLOB");
            // A character string cast to H2's JSON becomes a JSON string: the text is read as JSON instead.
            reverse = List.of(d.table(EVENTS) + "ADD COLUMN \"rawPayload_json\" JSON BEFORE " + column,
                    "UPDATE " + d.q(EVENTS) + " SET \"rawPayload_json\" = " + column + " FORMAT JSON",
                    d.table(EVENTS) + "DROP COLUMN " + column, d.rename(EVENTS, "rawPayload_json", "rawPayload"),
                    d.table(EVENTS) + "ALTER COLUMN " + column + " SET NOT NULL");
        } else {
            forward = List.of(d.table(EVENTS) + "MODIFY " + column + " LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL");
            reverse = List.of(d.table(EVENTS) + "MODIFY " + column + " JSON NOT NULL");
        }
        return new Step("text:" + EVENTS + ".rawPayload", "store " + EVENTS + ".rawPayload as text (it was " + type + "; it stays readable)",
                new Probe(Probe.Kind.TEXT_PAYLOAD, EVENTS, "rawPayload", null), forward, reverse);
    }

    private Step index(String table, String name, String... columns) throws SQLException {
        List<String> reverse = new ArrayList<>();
        if (d.backticks()) {
            // MariaDB drops the index it made for a foreign key when another index serves the key: it comes back first.
            for (Map.Entry<String, List<String>> index : plainIndexes(table).entrySet()) {
                if (!index.getKey().startsWith("ix_")) {
                    reverse.add("CREATE INDEX IF NOT EXISTS " + d.q(index.getKey()) + " ON " + d.q(table) + " (" + quoted(index.getValue()) + ")");
                }
            }
            reverse.add("DROP INDEX `" + name + "` ON `" + table + "`");
        } else {
            reverse.add("DROP INDEX " + d.q(name));
        }
        return new Step("index:" + table + "." + name, "index " + table + " by " + String.join(", ", columns),
                new Probe(Probe.Kind.INDEX, table, name, null),
                List.of("CREATE INDEX " + d.q(name) + " ON " + d.q(table) + " (" + quoted(List.of(columns)) + ")"), reverse);
    }

    private String quoted(List<String> columns) {
        List<String> quoted = new ArrayList<>();
        for (String column : columns) {
            quoted.add(d.q(column));
        }
        return String.join(", ", quoted);
    }

    /** {@code table}'s non-unique indexes, name to columns in order. */
    private Map<String, List<String>> plainIndexes(String table) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null && rs.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return indexes;
    }

    private String retype(String table, String column, String type) throws SQLException {
        if (d.backticks()) {
            String definition = mariaDefinition(table, column);
            return d.table(table) + "MODIFY " + d.q(column) + " " + type + definition.substring(definition.indexOf(' ') < 0
                    ? definition.length() : definition.indexOf(' ')) + (nullable(table, column) ? " NULL" : " NOT NULL");
        }
        return d.table(table) + "ALTER COLUMN " + d.q(column) + (d == Ddl.H2 ? " SET DATA TYPE " : " TYPE ") + type;
    }

    private boolean done(Probe p) throws SQLException {
        return switch (p.kind()) {
            case COLUMN -> Catalog.columns(c, p.table()).contains(p.name());
            case NULLABLE -> nullable(p.table(), p.name());
            case NOT_NULL -> !nullable(p.table(), p.name());
            case TEXT_PAYLOAD -> payloadIsText();
            case NO_UNIQUE -> uniqueConstraint(p.table(), "livekitRoomSid") == null;
            case INDEX -> indexExists(p.table(), p.name());
            case NO_NULLS -> Catalog.columns(c, p.table()).contains(p.name())
                    && count("SELECT COUNT(*) FROM " + d.q(p.table()) + " WHERE " + d.q(p.name()) + " IS NULL") == 0;
            case LENGTH -> Integer.valueOf(p.value()).equals(length(p.table(), p.name()));
            case REGISTRATIONS -> Registrations.missing(c, d) == 0;
            case BINARY -> List.of("utf8mb4_nopad_bin", "utf8mb4_0900_bin").contains(String.valueOf(collation(p.table(), p.name())));
        };
    }

    private boolean payloadIsText() throws SQLException {
        String type = typeName(EVENTS, "rawPayload").toLowerCase(Locale.ROOT);
        if (d.backticks()) {
            return count("SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
                    + "AND TABLE_NAME = '" + EVENTS + "' AND CHECK_CLAUSE LIKE '%json_valid%rawPayload%'") == 0;
        }
        return !type.contains("json");
    }

    private String typeName(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            if (!rs.next()) {
                throw new SQLException("column " + table + "." + column + " is missing");
            }
            return rs.getString("TYPE_NAME");
        }
    }

    private boolean nullable(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            return rs.next() && rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
        }
    }

    private Integer length(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            return rs.next() ? rs.getInt("COLUMN_SIZE") : null;
        }
    }

    private String collation(String table, String column) throws SQLException {
        try (PreparedStatement s = mariaColumn("COLLATION_NAME", table, column); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** MariaDB: {@code columns} of information_schema.COLUMNS for {@code table.column}. */
    private PreparedStatement mariaColumn(String columns, String table, String column) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?");
        s.setString(1, table);
        s.setString(2, column);
        return s;
    }

    /** MariaDB: the column's definition without its nullability (type, character set, collation, default). */
    private String mariaDefinition(String table, String column) throws SQLException {
        try (PreparedStatement s = mariaColumn("COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_DEFAULT", table, column)) {
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("column " + table + "." + column + " is missing");
                }
                String charset = rs.getString(2);
                String dflt = rs.getString(4);
                return rs.getString(1) + (charset != null ? " CHARACTER SET " + charset + " COLLATE " + rs.getString(3) : "")
                        + (dflt != null && !"NULL".equalsIgnoreCase(dflt) ? " DEFAULT " + dflt : "");
            }
        }
    }

    /** The name of a single-column unique constraint on {@code table.column}, or null. */
    private String uniqueConstraint(String table, String column) throws SQLException {
        String schemaFilter = d.backticks() ? "tc.TABLE_SCHEMA = DATABASE()" : "tc.TABLE_SCHEMA = ?";
        try (PreparedStatement s = c.prepareStatement("SELECT tc.CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS tc "
                + "JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
                + "AND k.TABLE_SCHEMA = tc.TABLE_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME "
                + "WHERE " + schemaFilter + " AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'UNIQUE' AND k.COLUMN_NAME = ?")) {
            int i = 1;
            if (!d.backticks()) {
                s.setString(i++, c.getSchema());
            }
            s.setString(i++, table);
            s.setString(i, column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private boolean indexExists(String table, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, true)) {
            while (rs.next()) {
                if (name.equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean recordExists() throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), RECORD, null)) {
            return rs.next();
        }
    }

    private int nextPosition() throws SQLException {
        return count("SELECT COALESCE(MAX(" + d.q("position") + "), 0) + 1 FROM " + d.q(RECORD));
    }

    private void record(int position, Step step) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
            s.setString(1, step.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + d.q(RECORD) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setInt(1, position);
            s.setString(2, step.id());
            s.setString(3, step.description());
            s.setString(4, step.probe().kind().name());
            s.setString(5, step.probe().table());
            s.setString(6, step.probe().name());
            s.setString(7, step.probe().value());
            s.setString(8, String.join(";\n", step.reverse()));
            s.executeUpdate();
        }
    }

    private int count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void exec(List<String> sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
