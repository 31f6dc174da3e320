package dev.calloutcomes.jdbc;

import dev.calloutcomes.InvalidConfigurationException;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between H2, PostgreSQL and MariaDB/MySQL. SQL is written with double-quoted identifiers. */
enum Dialect {
    POSTGRESQL, MARIADB, H2;

    static Dialect of(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return MARIADB;
        }
        if (p.contains("h2")) {
            return H2;
        }
        throw new InvalidConfigurationException("unsupported database: " + productName + " (use H2, PostgreSQL or MariaDB/MySQL)");
    }

    /**
     * SQL as this database reads it, from SQL whose identifiers are all written quoted (our tables are
     * created with quoted lower-case names, which H2 and PostgreSQL then match exactly). MariaDB/MySQL
     * read double quotes as string delimiters unless in ANSI_QUOTES mode, which a host's connections need
     * not have; they match column names without regard to case, so there the quotes go.
     */
    String sql(String sql) {
        return this == MARIADB ? sql.replace("\"", "") : sql;
    }

    /**
     * {@code insert} made to insert nothing when the row's unique {@code keyColumn} is stored already:
     * on PostgreSQL with {@code ON CONFLICT DO NOTHING} (the statement then counts 0), elsewhere
     * unchanged (the insert fails with a duplicate key, see {@link #isDuplicateKey}).
     */
    String ignoringDuplicate(String insert, String keyColumn) {
        return this == POSTGRESQL ? insert + " ON CONFLICT (\"" + keyColumn + "\") DO NOTHING" : insert;
    }

    /** A bind expression for a JSON column. */
    String json(String param) {
        return switch (this) {
            case POSTGRESQL -> "CAST(:" + param + " AS JSONB)";
            case H2 -> ":" + param + " FORMAT JSON";
            case MARIADB -> ":" + param;
        };
    }

    /**
     * A tenant check that no index can serve, for statements that also name the primary key: with
     * stale statistics a planner may otherwise walk the (low-selectivity) tenant index instead of the
     * key, reading every row of the tenant. The check itself stays; only the access path is fixed.
     */
    static String tenantCheck(String column, String param) {
        return "CONCAT(" + column + ", '') = :" + param;
    }

    /** Row locks that skip rows other transactions hold (MariaDB 10.6+, MySQL 8, PostgreSQL 9.5+); H2 waits instead. */
    String forUpdateSkipLocked() {
        return this == H2 ? " FOR UPDATE" : " FOR UPDATE SKIP LOCKED";
    }

    /** Whether {@code e} means a unique key already holds the value. */
    boolean isDuplicateKey(SQLException e) {
        // 23505: PostgreSQL and H2. MariaDB/MySQL share SQLState 23000 with other integrity errors: error 1062 is the duplicate.
        return this == MARIADB ? e.getErrorCode() == 1062 : "23505".equals(e.getSQLState());
    }

    /** Whether retrying the whole unit of work may succeed (deadlock, serialization failure). */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }
}
