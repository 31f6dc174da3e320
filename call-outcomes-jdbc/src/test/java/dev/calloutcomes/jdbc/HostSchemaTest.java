package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a host's own schema does to the store: a schema nobody upgraded, and the host's constraints. */
class HostSchemaTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aStoreWithoutMigrationsRefusesToStartOnASchemaThatLacksItsColumnsAndSaysWhich(TestDatabases db) throws SQLException {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(2)) {
            assertThatThrownBy(() -> JdbcOutcomeStore.builder().dataSource(ds).migrate(false).build())
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("table call_logs is missing").hasMessageContaining("table livekit_call_events is missing");
            Migrations.of(ds).upgrade();
            MigrationsTest.exec(ds, "ALTER TABLE " + db.quote("call_logs") + " DROP COLUMN " + db.quote("reason"),
                    "ALTER TABLE " + db.quote("livekit_call_events") + " DROP COLUMN " + db.quote("keyTenantId"));
            assertThatThrownBy(() -> JdbcOutcomeStore.builder().dataSource(ds).migrate(false).build())
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("call_logs lacks column(s) reason")
                    .hasMessageContaining("livekit_call_events lacks column(s) keyTenantId")
                    .hasMessageNotContaining("ownerEvidence");
        }
    }

    /** Runs the earlier module's schema and rows (seed/{database}.sql, written from the module's summary). */
    static void createEarlierModuleDatabase(HikariDataSource ds, TestDatabases db) throws Exception {
        String script;
        try (java.io.InputStream in = HostSchemaTest.class.getResourceAsStream("seed/" + db.name().toLowerCase(java.util.Locale.ROOT) + ".sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private static int rows(HikariDataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aTenantTheHostsForeignKeyRefusesIsKeptAsFailedNeverAnOutage(TestDatabases db) throws SQLException {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(4)) {
            Migrations.of(ds).upgrade();
            String users = db.quote("users");
            MigrationsTest.exec(ds, "CREATE TABLE " + users + " (" + db.quote("id") + " VARCHAR(255) "
                            + (db == TestDatabases.MARIADB ? "COLLATE utf8mb4_nopad_bin " : "") + "PRIMARY KEY)",
                    "INSERT INTO " + users + " VALUES ('alice')",
                    "ALTER TABLE " + db.quote("call_logs") + " ADD CONSTRAINT " + db.quote("fk_call_logs_user") + " FOREIGN KEY ("
                            + db.quote("userId") + ") REFERENCES " + users + " (" + db.quote("id") + ")");
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).clock(CLOCK).build();
            for (boolean asynchronous : List.of(false, true)) {
                CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(CLOCK).asynchronous(asynchronous)
                        .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
                int n = asynchronous ? 2 : 1;
                // Room metadata names mallory, who is not one of the host's users.
                List<byte[]> mallorys = SyntheticCalls.call("mallory", n, Outcome.COMPLETED, 1761741250L);
                byte[] finished = mallorys.get(mallorys.size() - 1);
                WebhookResult result = outcomes.handle(WebhookRequest.ofSingle(Map.of(), finished));
                assertThat(result.status()).isEqualTo(asynchronous ? WebhookResult.Status.ACCEPTED : WebhookResult.Status.UNATTRIBUTED);
                if (asynchronous) {
                    try (EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                        workers.drain();
                    }
                } else {
                    assertThat(result.message()).contains("constraints refused");
                }
                StoredEvent kept = store.findEvent("EV_fin_mallory_" + n).orElseThrow();
                assertThat(kept.status()).isEqualTo(EventStatus.FAILED);
                assertThat(kept.attempts()).as("not retried: it would fail the same way").isEqualTo(1);
                assertThat(kept.error()).contains("constraint");
                assertThat(store.findCallByRoom("mallory", "RM_mallory_" + n, null)).isEmpty();

                // The host's user gets her call.
                List<byte[]> alices = SyntheticCalls.call("alice", n, Outcome.COMPLETED, 1761741250L);
                assertThat(outcomes.handle(WebhookRequest.ofSingle(Map.of(), alices.get(alices.size() - 1))).status())
                        .isEqualTo(asynchronous ? WebhookResult.Status.ACCEPTED : WebhookResult.Status.PROCESSED);
                if (asynchronous) {
                    try (EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                        workers.drain();
                    }
                }
                assertThat(store.findCallByRoom("alice", "RM_alice_" + n, null)).isPresent();
            }
        }
    }
}
