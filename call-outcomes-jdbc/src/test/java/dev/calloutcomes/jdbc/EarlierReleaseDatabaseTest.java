package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database written by the release before "one call per room instance" (commit a7840d3), upgraded in place:
 * its calls keep their ids (then derived from tenant and room name) and receive their later events, its
 * registration binds its room's first instance, reprocessing recomputes what it held, and rolling the new
 * changeset back leaves that release's schema with every row. The rows in {@code old-release-rows.json} are
 * what that release wrote: {@code OldReleaseRowsGenerator.java.txt} beside it, run against that commit's
 * classes, made them.
 */
class EarlierReleaseDatabaseTest {
    private static final String NEW_CHANGESET = "9-owner-evidence";
    private static final String OPEN_CALL = "09471985-2fc2-3da1-a41a-6fcb05e9c77d";
    private static final String ENDED_CALL = "cc566dcd-2900-3adf-9628-51580d927025";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void callsItRecordedKeepTheirIdsTheirDataAndTheirLaterEvents(TestDatabases db) throws Exception {
        db.assumeReachable();
        try (HikariDataSource ds = db.freshDataSource(4)) {
            Migrations migrations = Migrations.of(ds);
            migrations.upgradeBefore(NEW_CHANGESET);
            JsonNode rows = rows();
            insert(ds, db, "call_logs", rows.get("call_logs"));
            insert(ds, db, "livekit_call_events", rows.get("livekit_call_events"));
            migrations.upgrade();
            assertThat(migrations.status().upToDate()).isTrue();

            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(ds).migrate(false).clock(CLOCK).build();
            CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(CLOCK).defaultTenant("acme").registrationsOutrankDefaultTenant(true)
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();

            // The open call gets its remaining events under its old id.
            List<byte[]> open = SyntheticCalls.call("acme", 1, Outcome.COMPLETED, 1761741250L);
            for (byte[] event : open.subList(2, open.size())) {
                assertThat(handle(outcomes, event).callId()).isEqualTo(OPEN_CALL);
            }
            CallRecord completed = store.findCall("acme", OPEN_CALL).orElseThrow();
            assertThat(completed.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(completed.recording().url()).isEqualTo("https://rec.example.com/acme_1.ogg");
            assertThat(completed.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
            assertThat(store.findCallEvents("acme", OPEN_CALL)).hasSize(open.size());

            // The ended call is as that release left it, and reprocessing keeps its id and outcome.
            CallRecord ended = store.findCall("acme", ENDED_CALL).orElseThrow();
            assertThat(ended.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(ended.verdict().disposition()).as("a row from before dispositions reads as its outcome's own")
                    .isEqualTo(dev.calloutcomes.outcome.Disposition.ANSWERED);
            assertThat(ended.timing().durationSeconds()).isEqualTo(43L);
            assertThat(ended.ownership().evidence()).as("not recomputed yet").isNull();
            outcomes.maintenance().reprocess("acme", Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));
            CallRecord reprocessed = store.findCall("acme", ENDED_CALL).orElseThrow();
            assertThat(reprocessed.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(reprocessed.timing().durationSeconds()).isEqualTo(43L);
            assertThat(reprocessed.recording().url()).isEqualTo("https://rec.example.com/acme_3.ogg");
            assertThat(reprocessed.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);

            // Bob's registration, made before dialing, binds its room's first instance and keeps its id and data.
            List<byte[]> bobs = SyntheticCalls.call("bob", 4, Outcome.NO_ANSWER, 1761741250L);
            String bobRoom = new ObjectMapper().readTree(bobs.get(0)).get("room").get("name").asText();
            String registered = CallRecord.idFor("bob", bobRoom);
            for (byte[] event : bobs) {
                assertThat(handle(outcomes, event).callId()).isEqualTo(registered);
            }
            CallRecord bob = store.findCall("bob", registered).orElseThrow();
            assertThat(bob.verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
            assertThat(bob.attribution().campaignId()).isEqualTo("bob-camp");
            assertThat(bob.attribution().leadId()).isEqualTo("lead-7");

            // The malformed body that release kept is still there for operators.
            assertThat(store.findEventsByStatus(EventStatus.FAILED, 10)).anyMatch(e -> e.eventId().startsWith("malformed-"));

            // Rolling the new changesets back leaves that release's schema, with every row.
            int calls = count(ds, db, "call_logs");
            int events = count(ds, db, "livekit_call_events");
            migrations.rollBack(7);
            assertThat(MigrationsTest.columns(ds, "call_logs")).doesNotContain("ownerEvidence", "ownerContested").contains("registration");
            assertThat(MigrationsTest.columns(ds, "livekit_call_events")).doesNotContain("keyTenantId", "seq", "processed", "event")
                    .contains("rawPayload", "eventType", "livekitRoomSid", "error", "id");
            assertThat(MigrationsTest.columns(ds, "call_logs")).contains("roomName").doesNotContain("livekitRoomName");
            assertThat(count(ds, db, "call_logs")).isEqualTo(calls);
            assertThat(count(ds, db, "livekit_call_events")).isEqualTo(events);
            assertThat(migrations.status().pending()).containsExactly(NEW_CHANGESET, "10-seed-names", "11-earlier-module-adoption-point", "12-disposition", "13-ring-talk-agent", "14-simulated-recording-error-carrier-ids", "15-host-facts");
        }
    }

    private static WebhookResult handle(CallOutcomes outcomes, byte[] body) {
        return outcomes.handle(WebhookRequest.ofSingle(Map.of(), body));
    }

    private static JsonNode rows() throws IOException {
        try (InputStream in = EarlierReleaseDatabaseTest.class.getResourceAsStream("old-release-rows.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Inserts {@code rows} as they were dumped: timestamps as ISO local date-times, JSON metadata as text. */
    private static void insert(HikariDataSource ds, TestDatabases db, String table, JsonNode rows) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (JsonNode row : rows) {
                List<String> names = new ArrayList<>();
                List<String> marks = new ArrayList<>();
                for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    names.add(db.quote(name));
                    boolean json = name.equals("metadata");
                    marks.add(!json ? "?" : db == TestDatabases.POSTGRESQL ? "CAST(? AS JSONB)" : db == TestDatabases.H2 ? "? FORMAT JSON" : "?");
                }
                String sql = "INSERT INTO " + db.quote(table) + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", marks) + ")";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = 1;
                    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); i++) {
                        Map.Entry<String, JsonNode> field = it.next();
                        JsonNode v = field.getValue();
                        if (v.isNull()) {
                            s.setObject(i, null);
                        } else if (v.isNumber()) {
                            s.setLong(i, v.asLong());
                        } else if (field.getKey().endsWith("At")) {
                            s.setObject(i, LocalDateTime.parse(v.asText()));
                        } else {
                            s.setString(i, v.asText());
                        }
                    }
                    s.executeUpdate();
                }
            }
        }
    }

    private static int count(HikariDataSource ds, TestDatabases db, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + db.quote(table))) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
