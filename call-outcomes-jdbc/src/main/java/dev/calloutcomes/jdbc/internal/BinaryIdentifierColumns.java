package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.database.Database;
import liquibase.database.core.MariaDBDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * A Liquibase custom change for MariaDB and MySQL: makes every identifier column of our two tables
 * compare byte for byte. Their default collations ({@code utf8mb4_general_ci} and the like) compare
 * case-, accent- and trailing-space-insensitively, so that tenant {@code TENANTA}, {@code tenanta }
 * and {@code ténantá} would all read tenant {@code tenanta}'s calls, and event {@code EV_ab} would be
 * a duplicate of {@code EV_AB}. The collation is binary and does not pad ({@code utf8mb4_nopad_bin}
 * on MariaDB, {@code utf8mb4_0900_bin} on MySQL 8).
 *
 * <p>Each column keeps its type, nullability and default as {@code information_schema} reports them,
 * so that a table adopted from an earlier module keeps its own column types. Rollback restores each
 * column to its table's default collation, which is what our own columns had. Not API (see the
 * package documentation).
 */
public final class BinaryIdentifierColumns extends SqlChange {
    /** The identifier columns, per table: everything that is compared with a value from outside. */
    static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("call_logs", List.of("id", "userId", "phoneNumber", "status", "outcome", "reason", "direction",
                "campaignId", "leadId", "roomName", "livekitRoomSid", "sipCallId", "trunkNumber"));
        COLUMNS.put("livekit_call_events", List.of("eventId", "userId", "callLogId", "eventType", "livekitRoomSid",
                "roomName", "status"));
    }

    /** The identifier columns under the earlier module's names (changeset 10 and adoption). */
    static final Map<String, List<String>> SEED_NAMES = new LinkedHashMap<>();

    static {
        SEED_NAMES.put("call_logs", List.of("id", "userId", "phoneNumber", "status", "outcome", "reason", "direction",
                "campaignId", "leadId", "livekitRoomName", "livekitRoomSid", "sipCallId", "trunkNumber"));
        SEED_NAMES.put("livekit_call_events", List.of("id", "eventId", "userId", "callLogId", "event", "roomSid",
                "roomName", "status"));
    }

    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        return alter(database, binaryCollation(database));
    }

    static String binaryCollation(boolean mariaDb) {
        return mariaDb ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
    }

    /** The statements giving {@code columns} {@code collation} (null: their table's default), as {@link #alter} makes them. */
    static List<String> statements(Connection c, Map<String, List<String>> columns, String collation) throws SQLException {
        List<String> sql = new ArrayList<>();
        for (SqlStatement statement : alter(c, columns, collation)) {
            sql.add(((RawSqlStatement) statement).getSql());
        }
        return sql;
    }

    @Override
    public SqlStatement[] generateRollbackStatements(Database database) throws CustomChangeException {
        return alter(database, null);
    }

    private static String binaryCollation(Database database) {
        return binaryCollation(database instanceof MariaDBDatabase);
    }

    /**
     * The statements that give every identifier column {@code collation} (null: its table's default).
     * A foreign key between two of those columns is dropped first and added again after, since MariaDB
     * refuses to change the collation of a column a foreign key uses; a column whose foreign key
     * reaches a column outside that set (a host's own table) keeps its collation, so the key stays valid.
     */
    private static SqlStatement[] alter(Database database, String collation) throws CustomChangeException {
        try {
            return alter(((JdbcConnection) database.getConnection()).getUnderlyingConnection(), COLUMNS, collation);
        } catch (SQLException e) {
            throw new CustomChangeException("cannot read the identifier columns' definitions: " + e.getMessage(), e);
        }
    }

    private static SqlStatement[] alter(Connection c, Map<String, List<String>> columns, String collation) throws SQLException {
        List<SqlStatement> before = new ArrayList<>();
        List<SqlStatement> changes = new ArrayList<>();
        List<SqlStatement> after = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (ForeignKey key : foreignKeys(c)) {
                if (key.within(columns)) {
                    before.add(new RawSqlStatement(key.drop()));
                    after.add(new RawSqlStatement(key.add()));
                } else {
                    kept.addAll(key.columns());
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String target = collation != null ? collation : tableCollation(c, table.getKey());
                List<String> modifications = new ArrayList<>();
                for (ColumnDefinition column : characterColumns(c, table.getKey())) {
                    if (table.getValue().contains(column.name()) && !kept.contains(table.getKey() + "." + column.name())) {
                        modifications.add("MODIFY COLUMN " + column.withCollation(target));
                    }
                }
                if (!modifications.isEmpty()) {
                    changes.add(new RawSqlStatement("ALTER TABLE `" + table.getKey() + "` " + String.join(", ", modifications)));
                }
            }
        List<SqlStatement> all = new ArrayList<>(before);
        all.addAll(changes);
        all.addAll(after);
        return all.toArray(SqlStatement[]::new);
    }

    /** Every foreign key from or to one of our tables, its columns in order. */
    private static List<ForeignKey> foreignKeys(Connection c) throws SQLException {
        Map<String, ForeignKey> keys = new LinkedHashMap<>();
        String tables = "'" + String.join("','", COLUMNS.keySet()) + "'";
        try (PreparedStatement s = c.prepareStatement("SELECT k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, "
                + "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE "
                + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                + "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                + "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                + "AND (k.TABLE_NAME IN (" + tables + ") OR k.REFERENCED_TABLE_NAME IN (" + tables + ")) "
                + "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getString(2) + "." + rs.getString(1), k -> {
                    try {
                        return new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(4), new ArrayList<>(),
                                new ArrayList<>(), rs.getString(6), rs.getString(7));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).add(rs.getString(3), rs.getString(5));
            }
        }
        return List.copyOf(keys.values());
    }

    /** A foreign key as information_schema describes it. */
    private record ForeignKey(String name, String table, String referencedTable, List<String> from, List<String> to,
                              String onDelete, String onUpdate) {
        void add(String column, String referencedColumn) {
            from.add(column);
            to.add(referencedColumn);
        }

        boolean within(Map<String, List<String>> columns) {
            return columns.getOrDefault(table, List.of()).containsAll(from)
                    && columns.getOrDefault(referencedTable, List.of()).containsAll(to);
        }

        /** Both ends, as {@code table.column}. */
        List<String> columns() {
            List<String> all = new ArrayList<>();
            from.forEach(column -> all.add(table + "." + column));
            to.forEach(column -> all.add(referencedTable + "." + column));
            return all;
        }

        String drop() {
            return "ALTER TABLE `" + table + "` DROP FOREIGN KEY `" + name + "`";
        }

        String add() {
            return "ALTER TABLE `" + table + "` ADD CONSTRAINT `" + name + "` FOREIGN KEY (`" + String.join("`, `", from)
                    + "`) REFERENCES `" + referencedTable + "` (`" + String.join("`, `", to) + "`) ON DELETE " + onDelete
                    + " ON UPDATE " + onUpdate;
        }
    }

    private static String tableCollation(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("table " + table + " does not exist");
                }
                return rs.getString(1);
            }
        }
    }

    private static List<ColumnDefinition> characterColumns(Connection c, String table) throws SQLException {
        List<ColumnDefinition> columns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                + "AND CHARACTER_SET_NAME IS NOT NULL ORDER BY ORDINAL_POSITION")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnDefinition(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3)),
                            rs.getString(4)));
                }
            }
        }
        return columns;
    }

    /** A character column as information_schema describes it; {@code defaultValue} as MariaDB 10.2.7+ quotes it. */
    private record ColumnDefinition(String name, String type, boolean nullable, String defaultValue) {
        String withCollation(String collation) {
            String charset = collation.substring(0, collation.indexOf('_'));
            boolean hasDefault = defaultValue != null && !"NULL".equalsIgnoreCase(defaultValue);
            return "`" + name + "` " + type + " CHARACTER SET " + charset + " COLLATE " + collation
                    + (nullable ? " NULL" : " NOT NULL") + (hasDefault ? " DEFAULT " + defaultValue : "");
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "identifier columns compare byte for byte";
    }
}
