package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.database.core.H2Database;
import liquibase.database.core.MariaDBDatabase;
import liquibase.database.core.MySQLDatabase;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;

/**
 * The DDL our schema changes write by hand, per database: quoting, renames, primary keys, UUIDs and epoch
 * seconds. Not API (see the package documentation).
 */
enum Ddl {
    POSTGRESQL, MARIADB, MYSQL, H2;

    static Ddl of(Database database) {
        if (database instanceof PostgresDatabase) {
            return POSTGRESQL;
        }
        if (database instanceof MariaDBDatabase) {
            return MARIADB;
        }
        if (database instanceof MySQLDatabase) {
            return MYSQL;
        }
        if (database instanceof H2Database) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported database " + database.getShortName());
    }

    static Connection connection(Database database) {
        return ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }

    boolean backticks() {
        return this == MARIADB || this == MYSQL;
    }

    String q(String name) {
        return backticks() ? "`" + name + "`" : "\"" + name + "\"";
    }

    String table(String table) {
        return "ALTER TABLE " + q(table) + " ";
    }

    String rename(String table, String from, String to) {
        return table(table) + (this == H2 ? "ALTER COLUMN " + q(from) + " RENAME TO " + q(to)
                : "RENAME COLUMN " + q(from) + " TO " + q(to));
    }

    /** The binary, non-padding collation identifiers get on MariaDB and MySQL (empty elsewhere). */
    String binary() {
        return this == MARIADB ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
                : this == MYSQL ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin" : "";
    }

    /** A random UUID as text, one per row of an UPDATE. */
    String randomUuid() {
        return switch (this) {
            case POSTGRESQL -> "CAST(gen_random_uuid() AS VARCHAR(36))";
            case H2 -> "CAST(RANDOM_UUID() AS VARCHAR(36))";
            default -> "UUID()";
        };
    }

    /** Seconds since the epoch of a timestamp column that holds UTC, whatever the session's time zone. */
    String epochSeconds(String column) {
        return switch (this) {
            case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM " + q(column) + ") AS BIGINT)";
            case H2 -> "DATEDIFF(SECOND, TIMESTAMP '1970-01-01 00:00:00', " + q(column) + ")";
            default -> "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " + q(column) + ")";
        };
    }

    String timestampType() {
        return backticks() ? "DATETIME(6)" : "TIMESTAMP(6)";
    }

    /** The name of {@code table}'s primary key constraint (null when it has none). */
    static String primaryKeyName(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), table)) {
            return rs.next() ? rs.getString("PK_NAME") : null;
        }
    }

    /** Drops {@code table}'s primary key (named {@code pkName} where the database needs the name). */
    String dropPrimaryKey(String table, String pkName) {
        return this == POSTGRESQL ? table(table) + "DROP CONSTRAINT " + q(pkName) : table(table) + "DROP PRIMARY KEY";
    }
}
