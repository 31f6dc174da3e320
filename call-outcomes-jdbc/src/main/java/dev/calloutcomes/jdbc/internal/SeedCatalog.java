package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the catalog says about the earlier module's tables as adoption finds them: columns, types, indexes, constraints. */
final class SeedCatalog {
    private final Connection c;
    private final Ddl d;

    SeedCatalog(Connection c, Ddl d) {
        this.c = c;
        this.d = d;
    }

    boolean done(AdoptionSteps.Probe p) throws SQLException {
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

    boolean payloadIsText() throws SQLException {
        String type = typeName(EarlierModule.EVENTS, "rawPayload").toLowerCase(Locale.ROOT);
        if (d.backticks()) {
            return count("SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
                    + "AND TABLE_NAME = '" + EarlierModule.EVENTS + "' AND CHECK_CLAUSE LIKE '%json_valid%rawPayload%'") == 0;
        }
        return !type.contains("json");
    }

    String typeName(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            if (!rs.next()) {
                throw new SQLException("column " + table + "." + column + " is missing");
            }
            return rs.getString("TYPE_NAME");
        }
    }

    boolean nullable(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            return rs.next() && rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
        }
    }

    Integer length(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, column)) {
            return rs.next() ? rs.getInt("COLUMN_SIZE") : null;
        }
    }

    String collation(String table, String column) throws SQLException {
        try (PreparedStatement s = mariaColumn("COLLATION_NAME", table, column); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** MariaDB: {@code columns} of information_schema.COLUMNS for {@code table.column}. */
    PreparedStatement mariaColumn(String columns, String table, String column) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?");
        s.setString(1, table);
        s.setString(2, column);
        return s;
    }

    /** MariaDB: the column's definition without its nullability (type, character set, collation, default). */
    String mariaDefinition(String table, String column) throws SQLException {
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
    String uniqueConstraint(String table, String column) throws SQLException {
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

    boolean indexExists(String table, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, true)) {
            while (rs.next()) {
                if (name.equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code table}'s non-unique indexes, name to columns in order. */
    Map<String, List<String>> plainIndexes(String table) throws SQLException {
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

    boolean recordExists() throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), EarlierModule.RECORD, null)) {
            return rs.next();
        }
    }

    int count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
