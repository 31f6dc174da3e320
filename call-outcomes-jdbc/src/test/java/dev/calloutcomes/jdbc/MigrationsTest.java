package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fresh install, re-run, legacy adoption with data, downgrade and status, on every database. */
class MigrationsTest {

    private static java.util.Set<String> indexes(HikariDataSource ds, String table) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table,
                false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null) {
                    names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** The columns of {@code table}, as the driver names them. */
    static List<String> columns(HikariDataSource ds, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        return names;
    }

    /** Column name to collation (MariaDB). */
    private static java.util.Map<String, String> collations(HikariDataSource ds, String table) throws SQLException {
        java.util.Map<String, String> collations = new java.util.HashMap<>();
        try (Connection c = ds.getConnection(); java.sql.PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, "
                + "COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    collations.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return collations;
    }

    private static boolean tableExists(HikariDataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), table, null)) {
            return rs.next();
        }
    }

    /** Runs {@code sql}, one statement after another. */
    static void exec(HikariDataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void installsReRunsAndRemovesExactlyWhatItAdded(TestDatabases db) throws SQLException {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(2)) {
            Migrations migrations = Migrations.of(ds);
            // The partial index of pending events (changeset 7) is PostgreSQL's only; binary identifiers (8) MariaDB's.
            int changeSets = db == TestDatabases.H2 ? 13 : 14;
            assertThat(migrations.status().applied()).isEmpty();
            assertThat(migrations.status().pending()).hasSize(changeSets);
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).isTrue();
            assertThat(migrations.status().applied()).hasSize(changeSets);
            migrations.upgrade();
            assertThat(migrations.status().applied()).as("upgrade is idempotent").hasSize(changeSets);
            // Claims go through ix_events_pending on PostgreSQL, through ix_events_due elsewhere.
            boolean pg = db == TestDatabases.POSTGRESQL;
            assertThat(indexes(ds, "livekit_call_events")).is(new org.assertj.core.api.Condition<>(
                    names -> names.contains("ix_events_pending") == pg && names.contains("ix_events_due") == !pg,
                    "holding ix_events_pending on PostgreSQL, ix_events_due elsewhere"));
            assertThat(columns(ds, "call_logs")).contains("userId", "outcome", "livekitRoomSid", "recordingUrl", "metadata",
                    "ownerEvidence", "ownerContested");
            assertThat(columns(ds, "call_logs")).as("the earlier module's names").contains("livekitRoomName").doesNotContain("roomName");
            assertThat(columns(ds, "livekit_call_events")).as("the earlier module's names and columns, then ours")
                    .contains("id", "userId", "callLogId", "eventId", "event", "roomName", "roomSid", "participantIdentity",
                            "participantSid", "timestamp", "rawPayload", "processed", "errorMessage", "createdAt", "processedAt")
                    .contains("seq", "status", "receivedAt", "attempts", "availableAt", "keyTenantId")
                    .doesNotContain("eventType", "livekitRoomSid", "error");
            assertThat(tableExists(ds, "livekit_call_events")).isTrue();
            if (db == TestDatabases.MARIADB) {
                assertThat(collations(ds, "call_logs")).as("identifiers compare byte for byte")
                        .containsEntry("id", "utf8mb4_nopad_bin").containsEntry("userId", "utf8mb4_nopad_bin")
                        .containsEntry("campaignId", "utf8mb4_nopad_bin").containsEntry("livekitRoomName", "utf8mb4_nopad_bin");
                assertThat(collations(ds, "livekit_call_events")).containsEntry("eventId", "utf8mb4_nopad_bin")
                        .containsEntry("callLogId", "utf8mb4_nopad_bin").containsEntry("userId", "utf8mb4_nopad_bin")
                        .containsEntry("id", "utf8mb4_nopad_bin").containsEntry("event", "utf8mb4_nopad_bin");
                migrations.downgrade();
                migrations.upgrade();
                assertThat(collations(ds, "call_logs")).as("after downgrade and upgrade").containsEntry("userId", "utf8mb4_nopad_bin");
            }

            migrations.downgrade();
            assertThat(tableExists(ds, "call_logs")).isFalse();
            assertThat(tableExists(ds, "livekit_call_events")).isFalse();
            assertThat(tableExists(ds, db == TestDatabases.H2 ? "CALL_OUTCOMES_CHANGELOG" : "call_outcomes_changelog")).isFalse();
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).as("upgrade after downgrade").isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void liquibaseLogsThroughSlf4jAndPrintsNothingToTheConsole() throws Exception {
        ch.qos.logback.classic.Logger liquibase = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("liquibase");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Level level = liquibase.getLevel();
        liquibase.setLevel(ch.qos.logback.classic.Level.INFO);
        // Only this appender hears the liquibase loggers: whatever reaches the console then bypassed SLF4J.
        liquibase.setAdditive(false);
        liquibase.addAppender(logged);
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (HikariDataSource ds = TestDatabases.H2.freshDataSource(1)) {
            System.setOut(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
            Migrations.of(ds).upgrade();
        } finally {
            System.setOut(out);
            System.setErr(err);
            liquibase.detachAppender(logged);
            liquibase.setAdditive(true);
            liquibase.setLevel(level);
        }
        String printed = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).as("nothing on the console: no UPDATE SUMMARY, no Running Changeset, no java.util.logging lines").isEmpty();
        assertThat(logged.list).as("what Liquibase says goes to SLF4J").anyMatch(e -> e.getFormattedMessage().contains("ran successfully"))
                .anyMatch(e -> e.getFormattedMessage().contains("Running Changeset"));
    }

    /** The names of {@code table}'s unique constraints, in lower case, from the information schema. */
    private static java.util.List<String> uniqueConstraints(HikariDataSource ds, TestDatabases db, String table) throws SQLException {
        try (Connection c = ds.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT constraint_name FROM information_schema.table_constraints WHERE constraint_type = 'UNIQUE'"
                        + " AND table_name = ? AND constraint_schema = ?")) {
            s.setString(1, table);
            s.setString(2, db == TestDatabases.MARIADB ? c.getCatalog() : c.getSchema());
            java.util.List<String> names = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
            return names;
        }
    }

    private static String rename(TestDatabases db, String table, String from, String to) {
        return "ALTER TABLE " + db.quote(table) + (db == TestDatabases.H2 ? " ALTER COLUMN " + db.quote(from) + " RENAME TO "
                : " RENAME COLUMN " + db.quote(from) + " TO ") + db.quote(to);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theSeedNamesChangesetCutOffMidwayCompletesWhenRunAgain(TestDatabases db) throws SQLException {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(2)) {
            Migrations migrations = Migrations.of(ds);
            migrations.upgradeBefore("10-seed-names");
            String events = db.quote("livekit_call_events");
            exec(ds, "INSERT INTO " + events + " (" + db.quote("eventId") + ", " + db.quote("eventType") + ", " + db.quote("roomName") + ", "
                    + db.quote("status") + ", " + db.quote("rawPayload") + ", " + db.quote("receivedAt") + ", " + db.quote("attempts")
                    + ") VALUES ('EV_kept', 'room_started', 'room-kept', 'processed', '{}', CURRENT_TIMESTAMP, 1)");
            // What MariaDB keeps of a run that stopped after its first statements (each DDL statement commits there).
            exec(ds, rename(db, "call_logs", "roomName", "livekitRoomName"), rename(db, "livekit_call_events", "eventType", "event"),
                    rename(db, "livekit_call_events", "id", "seq"));
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).isTrue();
            assertThat(columns(ds, "livekit_call_events")).contains("id", "seq", "event", "roomSid", "errorMessage", "processed", "timestamp")
                    .doesNotContain("eventType", "livekitRoomSid", "error");
            try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), "livekit_call_events")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("COLUMN_NAME")).isEqualTo("id");
            }
            assertThat(uniqueConstraints(ds, db, "livekit_call_events")).as("seq stays unique").contains("uq_livekit_call_events_seq");
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).build();
            assertThat(store.findEvent("EV_kept")).get().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo("room_started");
                assertThat(e.roomName()).isEqualTo("room-kept");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void adoptsALegacyCallLogsTableAndLeavesItsRowsOnDowngrade(TestDatabases db) throws SQLException {
        db.assumeReachable();
        String t = db.quote("call_logs");
        String q = db == TestDatabases.MARIADB ? "" : "\"";
        String ts = db == TestDatabases.MARIADB ? "DATETIME(3)" : "TIMESTAMP(3)";
        try (HikariDataSource ds = db.freshDataSource(2)) {
            exec(ds, "CREATE TABLE " + t + " (" + q + "id" + q + " VARCHAR(191) PRIMARY KEY, " + q + "userId" + q + " VARCHAR(191), "
                            + q + "phoneNumber" + q + " VARCHAR(32), " + q + "duration" + q + " INT, " + q + "startedAt" + q + " " + ts + ", "
                            + q + "endedAt" + q + " " + ts + ", " + q + "createdAt" + q + " " + ts + ")",
                    "INSERT INTO " + t + " VALUES ('legacy-1', 'u1', '+15550001111', 42, NULL, NULL, NULL)",
                    "INSERT INTO " + t + " VALUES ('legacy-2', 'u2', '+15550002222', 7, NULL, NULL, NULL)");
            Migrations migrations = Migrations.of(ds);
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).isTrue();
            assertThat(migrations.status().adoptedLegacyTable()).isTrue();
            int changeSets = db == TestDatabases.H2 ? 12 : 13;
            assertThat(migrations.status().applied()).hasSize(changeSets);
            migrations.upgrade();
            assertThat(migrations.status().applied()).as("re-run").hasSize(changeSets);
            assertThat(columns(ds, "call_logs")).contains("outcome", "campaignId", "registration");

            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).build();
            assertThat(store.findCall("u1", "legacy-1")).get().satisfies(c -> {
                assertThat(c.parties().phoneNumber()).isEqualTo("+15550001111");
                assertThat(c.timing().durationSeconds()).isEqualTo(42L);
            });
            assertThat(store.findCall("u2", "legacy-1")).as("tenant-scoped").isEmpty();

            migrations.downgrade();
            assertThat(tableExists(ds, "call_logs")).as("the legacy table stays").isTrue();
            assertThat(columns(ds, "call_logs")).map(s -> s.toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrder("id", "userid", "phonenumber", "duration", "startedat", "endedat", "createdat");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            assertThat(tableExists(ds, "livekit_call_events")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void commandLineRunsUpgradeStatusAndDowngrade(TestDatabases db) {
        String url = "jdbc:h2:mem:cli" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(MigrationCommand.run(new String[] {"status", "--jdbc-url", url}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("applied: []");
        assertThat(MigrationCommand.run(new String[] {"upgrade", "--jdbc-url", url}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pending: []");
        assertThat(MigrationCommand.run(new String[] {"downgrade", "--jdbc-url", url}, o, e)).isZero();
        assertThat(MigrationCommand.run(new String[] {"sideways", "--jdbc-url", url}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
