package dev.calloutcomes.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests, each run in its own schema (PostgreSQL) or database (MariaDB, H2).
 * URLs come from CALL_OUTCOMES_PG_URL and CALL_OUTCOMES_MARIADB_URL (defaults: the local servers).
 * An unreachable server skips the test with a message, except under CI=true, where it fails.
 */
public enum TestDatabases {
    H2, POSTGRESQL, MARIADB;

    static final String PG_URL = env("CALL_OUTCOMES_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB_URL = env("CALL_OUTCOMES_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A fresh, empty schema or database; a pool of {@code poolSize} connections on it. */
    public HikariDataSource freshDataSource(int poolSize) {
        String name = "co_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = switch (this) {
            case H2 -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> {
                admin(PG_URL, "CREATE SCHEMA " + name);
                dropAtExit(PG_URL, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                yield PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
            }
            case MARIADB -> {
                admin(MARIADB_URL, "CREATE DATABASE " + name);
                dropAtExit(MARIADB_URL, "DROP DATABASE IF EXISTS " + name);
                yield MARIADB_URL.replaceFirst("/test(\\?|$)", "/" + name + "$1");
            }
        };
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name().toLowerCase(Locale.ROOT) + "-" + name);
        return new HikariDataSource(config);
    }

    /** An identifier as this database needs it written (our tables are created quoted, in lower case). */
    public String quote(String identifier) {
        return this == MARIADB ? identifier : "\"" + identifier + "\"";
    }

    /** The JDBC URL of a fresh, empty schema or database (created now). */
    public String freshUrl() {
        try (HikariDataSource ds = freshDataSource(1)) {
            return ds.getJdbcUrl();
        }
    }

    /** Skips (or, under CI, fails) when this database's server is unreachable. */
    public void assumeReachable() {
        if (this == H2) {
            return;
        }
        String url = this == POSTGRESQL ? PG_URL : MARIADB_URL;
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = this + " is unreachable at " + url.replaceAll("password=[^&]*", "password=***") + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: database tests must run)");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
    }

    /** Statements that remove what this test JVM created, run when it exits (a killed JVM leaves its schemas behind). */
    private static final java.util.List<String[]> DROPS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String[] drop : DROPS) {
                try {
                    admin(drop[0], drop[1]);
                } catch (RuntimeException e) {
                    System.err.println("could not remove a test schema: " + e.getMessage());
                }
            }
        }, "test-schema-cleanup"));
    }

    private static void dropAtExit(String url, String sql) {
        DROPS.add(new String[] {url, sql});
    }

    private static void admin(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the test database: " + e.getMessage(), e);
        }
    }
}
