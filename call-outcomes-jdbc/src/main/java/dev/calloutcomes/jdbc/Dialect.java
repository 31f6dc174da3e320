package dev.calloutcomes.jdbc;

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
        throw new IllegalArgumentException("unsupported database: " + productName + " (use H2, PostgreSQL or MariaDB/MySQL)");
    }

    /** Lower-case column names written bare in our SQL; H2 would fold them to upper case. */
    private static final java.util.regex.Pattern BARE_COLUMNS = java.util.regex.Pattern.compile(
            "(?<![:\"\\w])(id|status|outcome|reason|direction|duration|metadata|registration|error|attempts)(?![\"\\w])");
    private final java.util.Map<String, String> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * SQL as this database reads it. Our tables are created with quoted lower-case names, so every
     * identifier is quoted; MariaDB/MySQL match column names without regard to case, so there the
     * quotes go (they would need ANSI_QUOTES).
     */
    String sql(String sql) {
        return cache.computeIfAbsent(sql, s -> {
            String quoted = BARE_COLUMNS.matcher(s).replaceAll("\"$1\"");
            return this == MARIADB ? quoted.replace("\"", "") : quoted;
        });
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
