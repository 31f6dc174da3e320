package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.jdbc.internal.EarlierModule;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The earlier Python module's database (seed/{database}.sql, written from its summary) adopted in place: status
 * says what upgrade would do, upgrade adds ours beside its columns, the store reads its rows and writes rows it can
 * read, reprocessing keeps what its calls knew, both modules write side by side, and downgrade returns its schema
 * with every row, byte for byte; a run cut off midway completes when run again.
 */
class EarlierModuleAdoptionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final List<String> TABLES = List.of("users", "call_logs", "livekit_call_events");

    /** Each table's columns (name, type, size, nullability, default, in order), indexes, keys and, on MariaDB, collations and checks. */
    static Map<String, List<String>> schema(HikariDataSource ds) throws SQLException {
        Map<String, List<String>> schema = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            for (String table : TABLES) {
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, null)) {
                    while (rs.next()) {
                        lines.add("column " + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
                                + "(" + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getInt("NULLABLE") + " default=" + rs.getString("COLUMN_DEF"));
                    }
                }
                List<String> indexes = new ArrayList<>();
                try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
                    while (rs.next()) {
                        // H2 backs a foreign key with an index of its own making, or with any index that serves: not schema.
                        boolean h2ForeignKeyIndex = rs.getString("INDEX_NAME") != null && rs.getString("INDEX_NAME").startsWith("CONSTRAINT_")
                                && rs.getBoolean("NON_UNIQUE");
                        if (rs.getString("INDEX_NAME") != null && !h2ForeignKeyIndex) {
                            indexes.add("index " + indexName(rs.getString("INDEX_NAME")) + " unique=" + !rs.getBoolean("NON_UNIQUE") + " "
                                    + rs.getShort("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME"));
                        }
                    }
                }
                try (ResultSet rs = c.getMetaData().getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
                    while (rs.next()) {
                        indexes.add("foreign key " + rs.getString("FKCOLUMN_NAME") + " -> " + rs.getString("PKTABLE_NAME") + "."
                                + rs.getString("PKCOLUMN_NAME") + " on delete " + rs.getInt("DELETE_RULE"));
                    }
                }
                if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("maria")) {
                    try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                            + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
                        s.setString(1, table);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                indexes.add("collation " + rs.getString(1) + " " + rs.getString(2));
                            }
                        }
                    }
                    try (PreparedStatement s = c.prepareStatement("SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                            + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
                        s.setString(1, table);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                indexes.add("check " + rs.getString(1) + " " + rs.getString(2));
                            }
                        }
                    }
                }
                // H2 may back two constraints with one index it names itself: each distinct line once.
                lines.addAll(new java.util.TreeSet<>(indexes));
                schema.put(table, lines);
            }
        }
        return schema;
    }

    /** H2 names the indexes that back its constraints itself, with a counter; what they index is what counts. */
    private static String indexName(String name) {
        return name.matches("^CONSTRAINT_.*INDEX.*$") ? "CONSTRAINT_INDEX" : name.replaceAll("^PRIMARY_KEY_[0-9A-F]+$", "PRIMARY_KEY");
    }

    /** Each table's rows: id to the SHA-256 of every column's value as text, in column order. */
    static Map<String, Map<String, String>> rows(HikariDataSource ds, TestDatabases db) throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            for (String table : TABLES) {
                Map<String, String> rows = new TreeMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + db.quote(table)); ResultSet rs = s.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String value = rs.getString(i);
                            sha.update((md.getColumnName(i) + "=" + (value == null ? "\u0000" : value) + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                        rows.put(rs.getString("id"), HexFormat.of().formatHex(sha.digest()));
                    }
                }
                all.put(table, rows);
            }
        }
        return all;
    }

    private static WebhookResult handle(CallOutcomes outcomes, byte[] body) {
        return outcomes.handle(WebhookRequest.ofSingle(Map.of(), body));
    }

    private static void exec(HikariDataSource ds, String... sql) throws SQLException {
        MigrationsTest.exec(ds, sql);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void adoptsTheEarlierModulesDatabaseInPlaceWorksOnItAndDowngradesToItRowForRow(TestDatabases db) throws Exception {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(4)) {
            HostSchemaTest.createEarlierModuleDatabase(ds, db);
            Map<String, List<String>> schemaBefore = schema(ds);
            Map<String, Map<String, String>> rowsBefore = rows(ds, db);
            Migrations migrations = Migrations.of(ds);

            Migrations.Status found = migrations.status();
            assertThat(found.earlierModuleTables()).containsExactly("call_logs (livekitRoomName)", "livekit_call_events (event, processed)");
            assertThat(found.adoption()).as("what upgrade would do").anyMatch(s -> s.startsWith("add livekit_call_events.seq"))
                    .anyMatch(s -> s.startsWith("fill livekit_call_events.status from processed"))
                    .anyMatch(s -> s.startsWith("add call_logs.registration")).anyMatch(s -> s.startsWith("store livekit_call_events.rawPayload as text"));
            assertThat(found.applied()).isEmpty();

            // Adopted, then downgraded at once: the earlier schema and every row, byte for byte.
            migrations.upgrade();
            Migrations.Status adopted = migrations.status();
            assertThat(adopted.upToDate()).isTrue();
            assertThat(adopted.adoptedEarlierModule()).isTrue();
            assertThat(adopted.earlierModuleTables()).isEmpty();
            assertThat(adopted.adoption()).isEmpty();
            migrations.upgrade();
            assertThat(migrations.status().applied()).as("upgrade is idempotent").isEqualTo(adopted.applied());
            migrations.downgrade();
            assertThat(schema(ds)).isEqualTo(schemaBefore);
            assertThat(rows(ds, db)).isEqualTo(rowsBefore);
            assertThat(MigrationsTest.columns(ds, EarlierModule.RECORD)).isEmpty();

            // Adopted again, and used.
            migrations.upgrade();
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).clock(CLOCK).build();
            CallRecord adoptedCall = store.findCall("u-1", "c-1").orElseThrow();
            assertThat(adoptedCall.status()).as("the module's 'completed' with an outcome reads as ended").isEqualTo(CallStatus.ENDED);
            assertThat(adoptedCall.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(adoptedCall.attribution().campaignId()).as("from its metadata, kept as its registration").isEqualTo("camp-seed");
            assertThat(adoptedCall.attribution().leadId()).isEqualTo("lead-1");
            assertThat(adoptedCall.room().sid()).isEqualTo("RM_seed_1");
            assertThat(adoptedCall.room().name()).isEqualTo("sip-15550001111__1761741200__abc");
            assertThat(store.findCall("u-2", "c-1")).as("tenant-scoped").isEmpty();
            assertThat(store.findCallEvents("u-1", "c-1")).extracting(StoredEvent::eventId).containsExactly("EV_seed_join", "EV_seed_left");
            assertThat(store.findCallEvents("u-1", "c-1")).allSatisfy(e -> assertThat(new ObjectMapper().readTree(e.payload()).get("id").asText())
                    .as("its JSON payload stays readable").isEqualTo(e.eventId()));
            assertThat(store.findEvent("EV_seed_bad").orElseThrow().status()).as("processed = 0").isEqualTo(EventStatus.FAILED);

            CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(CLOCK)
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            List<byte[]> call = SyntheticCalls.call("u-2", 7, Outcome.COMPLETED, 1761741250L);
            for (byte[] event : call) {
                WebhookResult result = handle(outcomes, event);
                // The room's first event names no tenant: kept, then adopted by the call when its owner is known.
                assertThat(result.status()).as(result.toString()).isIn(WebhookResult.Status.PROCESSED, WebhookResult.Status.UNATTRIBUTED);
            }
            String sid = new ObjectMapper().readTree(call.get(0)).get("room").get("sid").asText();
            CallRecord ours = store.findCallByRoom("u-2", sid, null).orElseThrow();
            assertThat(ours.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
            StoredEvent joined = store.findCallEvents("u-2", ours.id()).stream().filter(e -> "participant_joined".equals(e.eventType()))
                    .findFirst().orElseThrow();
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT " + db.quote("id") + ", "
                    + db.quote("processed") + ", " + db.quote("timestamp") + ", " + db.quote("participantIdentity") + ", "
                    + db.quote("processedAt") + " FROM " + db.quote("livekit_call_events") + " WHERE " + db.quote("eventId") + " = ?")) {
                s.setString(1, joined.eventId());
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("a UUID, as the module's ids").hasSize(36);
                    assertThat(rs.getInt(2)).as("processed").isEqualTo(1);
                    assertThat(rs.getLong(3)).as("timestamp").isEqualTo(joined.createdAt().getEpochSecond());
                    assertThat(rs.getString(4)).as("participantIdentity").isNotNull().isEqualTo(joined.participantIdentity());
                    assertThat(rs.getTimestamp(5)).as("processedAt").isNotNull();
                }
            }

            // A tenant that is not one of the module's users is refused by its foreign key: kept as failed, not an outage.
            byte[] stranger = SyntheticCalls.call("stranger", 1, Outcome.COMPLETED, 1761741250L).get(0);
            assertThat(handle(outcomes, stranger).status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
            // An authentic body that is not JSON is kept too: the payload column is text now.
            WebhookResult malformed = handle(outcomes, "{not json".getBytes(StandardCharsets.UTF_8));
            assertThat(malformed.status()).isEqualTo(WebhookResult.Status.MALFORMED);
            assertThat(store.findEvent(malformed.eventId()).orElseThrow().payload()).isEqualTo("{not json");

            // Reprocessing rebuilds the adopted call from its events and keeps what it knew before adoption.
            outcomes.maintenance().reprocess("u-1", Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));
            CallRecord reprocessed = store.findCall("u-1", "c-1").orElseThrow();
            assertThat(reprocessed.attribution().campaignId()).isEqualTo("camp-seed");
            assertThat(reprocessed.attribution().leadId()).isEqualTo("lead-1");
            assertThat(reprocessed.parties().phoneNumber()).isEqualTo("+15550001111");
            assertThat(reprocessed.parties().direction()).isEqualTo(CallDirection.OUTBOUND);
            assertThat(reprocessed.parties().sipCallId()).isEqualTo("SCL_seed_1");
            assertThat(reprocessed.metadata()).contains("camp-seed");

            // Side by side: the module still writes events with its own columns; ours are pending, and workers apply them.
            String side = "{\"event\": \"egress_ended\", \"id\": \"EV_side\", \"createdAt\": \"1761741400\", \"egressInfo\": "
                    + "{\"egressId\": \"EG_side\", \"roomId\": \"RM_seed_1\", \"roomName\": \"sip-15550001111__1761741200__abc\", "
                    + "\"status\": \"EGRESS_COMPLETE\", \"fileResults\": [{\"location\": \"https://rec.example.com/side.ogg\"}]}}";
            exec(ds, "INSERT INTO " + db.quote("livekit_call_events") + " (" + db.quote("id") + ", " + db.quote("userId") + ", "
                    + db.quote("callLogId") + ", " + db.quote("eventId") + ", " + db.quote("event") + ", " + db.quote("roomName") + ", "
                    + db.quote("roomSid") + ", " + db.quote("timestamp") + ", " + db.quote("rawPayload") + ", " + db.quote("processed")
                    + ") VALUES ('e-side', 'u-1', 'c-1', 'EV_side', 'egress_ended', 'sip-15550001111__1761741200__abc', 'RM_seed_1', "
                    + "1761741400, '" + side + "', 1)");
            assertThat(store.findEvent("EV_side").orElseThrow().status()).isEqualTo(EventStatus.PENDING);
            try (var workers = outcomes.workers(WorkerSettings.ofDefaults())) {
                assertThat(workers.drain()).isEqualTo(1);
            }
            assertThat(store.findCall("u-1", "c-1").orElseThrow().recording().url()).isEqualTo("https://rec.example.com/side.ogg");
            assertThat(handle(outcomes, side.getBytes(StandardCharsets.UTF_8)).status())
                    .as("one event id across both writers").isEqualTo(WebhookResult.Status.DUPLICATE);
            assertThatThrownBy(() -> exec(ds, "INSERT INTO " + db.quote("livekit_call_events") + " (" + db.quote("id") + ", "
                    + db.quote("userId") + ", " + db.quote("eventId") + ", " + db.quote("event") + ", " + db.quote("roomName") + ", "
                    + db.quote("timestamp") + ", " + db.quote("rawPayload") + ") VALUES ('e-dup', 'u-2', '" + joined.eventId()
                    + "', 'participant_joined', 'x', 1, '{}')")).as("nor can the module store an event we stored").isInstanceOf(SQLException.class);

            // Our unattributed event has no user: the module's schema cannot hold it, so downgrade says so and changes nothing.
            assertThatThrownBy(migrations::downgrade).isInstanceOf(MigrationFailedException.class).hasMessageContaining("2 event(s) without userId");
            assertThat(MigrationsTest.columns(ds, "livekit_call_events")).contains("seq", "status");
            assertThat(migrations.status().upToDate()).as("nothing rolled back, the later changesets included").isTrue();
            exec(ds, "DELETE FROM " + db.quote("livekit_call_events") + " WHERE " + db.quote("userId") + " IS NULL");
            migrations.downgrade();

            assertThat(schema(ds)).isEqualTo(schemaBefore);
            Map<String, Map<String, String>> rowsAfter = rows(ds, db);
            for (String table : TABLES) {
                assertThat(rowsAfter.get(table)).as(table + ": every row it had").containsAllEntriesOf(
                        table.equals("call_logs") ? without(rowsBefore.get(table), "c-1") : rowsBefore.get(table));
            }
            assertThat(rowsAfter.get("call_logs")).containsKey("c-1").containsValue(rowsAfter.get("call_logs").get("c-1"));
            assertThat(rowsAfter.get("call_logs")).as("our call, now the module's row").hasSize(3);
        }
    }

    private static Map<String, String> without(Map<String, String> rows, String key) {
        Map<String, String> copy = new TreeMap<>(rows);
        copy.remove(key);
        return copy;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anAdoptionCutOffMidwayCompletesWhenRunAgain(TestDatabases db) throws Exception {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(2)) {
            HostSchemaTest.createEarlierModuleDatabase(ds, db);
            Map<String, List<String>> schemaBefore = schema(ds);
            Map<String, Map<String, String>> rowsBefore = rows(ds, db);
            Migrations migrations = Migrations.of(ds);
            if (db != TestDatabases.MARIADB) {
                // An index of the host's holds a name adoption needs: the run fails at that step (MariaDB names indexes per table).
                exec(ds, "CREATE INDEX " + db.quote("ix_call_logs_open") + " ON " + db.quote("users") + " (" + db.quote("email") + ")");
                assertThatThrownBy(migrations::upgrade).isInstanceOf(MigrationFailedException.class);
                if (db == TestDatabases.POSTGRESQL) {
                    assertThat(schema(ds).get("livekit_call_events")).as("one transaction: nothing is left")
                            .isEqualTo(schemaBefore.get("livekit_call_events"));
                    assertThat(MigrationsTest.columns(ds, EarlierModule.RECORD)).isEmpty();
                } else {
                    assertThat(MigrationsTest.columns(ds, "livekit_call_events")).as("H2 commits each statement").contains("seq");
                    assertThat(migrations.status().earlierModuleTables()).containsExactly("call_outcomes_adoption (an adoption cut off midway)");
                }
                exec(ds, "DROP INDEX " + db.quote("ix_call_logs_open"));
            }
            if (db != TestDatabases.H2) {
                // A run cut off after five steps, as a crash would leave it.
                try (Connection c = ds.getConnection()) {
                    EarlierModule.on(c).adopt(5);
                }
                Migrations.Status partial = migrations.status();
                assertThat(partial.earlierModuleTables()).isNotEmpty();
                assertThat(partial.adoption()).isNotEmpty().noneMatch(s -> s.startsWith("add livekit_call_events.seq"));
            }
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).isTrue();
            assertThat(migrations.status().adoptedEarlierModule()).isTrue();
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).clock(CLOCK).build();
            assertThat(store.findCall("u-1", "c-1")).get().extracting((CallRecord call) -> call.attribution().campaignId()).isEqualTo("camp-seed");
            assertThat(store.findEvent("EV_seed_join").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
            migrations.downgrade();
            assertThat(schema(ds)).isEqualTo(schemaBefore);
            assertThat(rows(ds, db)).isEqualTo(rowsBefore);
        }
    }
}
