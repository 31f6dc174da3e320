package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The findings of the security review, over HTTP against the demo server on every database: each of
 * these failed on the main branch the review probed.
 */
class SecurityOverHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String API_JWT_SECRET = "demo-api-jwt-secret-change-me-0123456789";
    private static final Map<TestDatabases, DemoServer> SERVERS = new EnumMap<>(TestDatabases.class);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** One demo server per database, shared by the tests (each uses rooms and tenants of its own). */
    private static synchronized String server(TestDatabases db) throws Exception {
        db.assumeReachable();
        DemoServer server = SERVERS.get(db);
        if (server == null) {
            server = DemoServer.start(DemoSettingsAccess.serve(db.freshUrl(), false));
            SERVERS.put(db, server);
        }
        return server.baseUrl();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(DemoServer::close);
        SERVERS.clear();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tenantsThatDifferOnlyInCaseAccentsOrTrailingSpacesReadNothingOfEachOther(TestDatabases db) throws Exception {
        String base = server(db);
        HttpResponse<String> registered = api(base, "POST", "/calls", "tenanta",
                "{\"roomName\":\"room-lookalike\",\"campaignId\":\"camp-secret\",\"metadata\":{\"crm\":\"private\"}}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String id = JSON.readTree(registered.body()).get("id").asText();
        for (String other : List.of("TENANTA", "tenanta ", "t\u00e9nant\u00e1", "Tenanta")) {
            assertThat(api(base, "GET", "/calls/" + id + "/outcome", other, null).statusCode()).as(other).isEqualTo(404);
            assertThat(JSON.readTree(api(base, "GET", "/calls?campaign=camp-secret", other, null).body()).get("items")).as(other).isEmpty();
            assertThat(JSON.readTree(api(base, "GET", "/calls/stats?groupBy=campaign", other, null).body()).get("groups"))
                    .as(other).isEmpty();
        }
        assertThat(api(base, "GET", "/calls/" + id + "/outcome", "tenanta", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void eventIdsThatDifferOnlyInCaseAreDifferentEvents(TestDatabases db) throws Exception {
        String base = server(db);
        for (String id : List.of("EV_CaseTest" + db, "EV_casetest" + db.name().toLowerCase(java.util.Locale.ROOT))) {
            HttpResponse<String> r = webhook(base, ("{\"event\":\"room_started\",\"id\":\"" + id + "\",\"createdAt\":\"1761741250\","
                    + "\"room\":{\"sid\":\"RM_case\",\"name\":\"room-case\"}}").getBytes(StandardCharsets.UTF_8));
            assertThat(JSON.readTree(r.body()).get("status").asText()).as(id).isEqualTo("processed");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aTenantThatRegistersAnotherTenantsRoomGetsNoneOfItsCall(TestDatabases db) throws Exception {
        String base = server(db);
        HttpResponse<String> squat = api(base, "POST", "/calls", "mallory", "{\"roomName\":\"room-of-alice\",\"campaignId\":\"m\"}");
        assertThat(squat.statusCode()).isEqualTo(201);
        String metadata = JSON.writeValueAsString("{\"tenantId\":\"alice\",\"campaignId\":\"alice-campaign\"}");
        byte[] left = ("{\"event\":\"participant_left\",\"id\":\"EV_squat_" + db + "\",\"createdAt\":\"1761741346\",\"room\":{\"sid\":\"RM_squat\","
                + "\"name\":\"room-of-alice\",\"metadata\":" + metadata + "},\"participant\":{\"sid\":\"PA_s\",\"identity\":\"sip_+15550001\","
                + "\"kind\":\"SIP\",\"joinedAt\":\"1761741251\",\"disconnectReason\":\"CLIENT_INITIATED\"}}").getBytes(StandardCharsets.UTF_8);
        JsonNode processed = JSON.readTree(webhook(base, left).body());
        String alicesCall = processed.get("call_id").asText();
        assertThat(alicesCall).isNotEqualTo(JSON.readTree(squat.body()).get("id").asText());
        JsonNode alices = JSON.readTree(api(base, "GET", "/calls/" + alicesCall + "/outcome", "alice", null).body());
        assertThat(alices.get("campaignId").asText()).isEqualTo("alice-campaign");
        assertThat(api(base, "GET", "/calls/" + alicesCall + "/outcome", "mallory", null).statusCode()).isEqualTo(404);
        JsonNode mallorys = JSON.readTree(api(base, "GET", "/calls?room=room-of-alice", "mallory", null).body()).get("items");
        assertThat(mallorys).hasSize(1);
        assertThat(mallorys.get(0).get("status").asText()).as("her registration only").isEqualTo("registered");
        assertThat(mallorys.get(0).get("outcome").isNull()).isTrue();
        assertThat(JSON.readTree(api(base, "GET", "/calls/stats?groupBy=campaign", "mallory", null).body()).toString())
                .doesNotContain("alice-campaign");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aCallWhoseEgressCameFirstIsItsTenantsAndTheDefaultTenantSeesNothing(TestDatabases db) throws Exception {
        String base = server(db);
        // The demo's default tenant is acme; only the call's last event (room_finished) names alice.
        List<byte[]> call = SyntheticCalls.call("alice", 900 + db.ordinal(), Outcome.COMPLETED, 1761741250L);
        String room = JSON.readTree(call.get(0)).get("room").get("name").asText();
        List<byte[]> egressFirst = new java.util.ArrayList<>(List.of(call.get(4)));
        egressFirst.addAll(call.subList(0, 4));
        egressFirst.add(call.get(5));
        for (byte[] event : egressFirst) {
            assertThat(webhook(base, event).statusCode()).isEqualTo(200);
        }
        JsonNode alices = JSON.readTree(api(base, "GET", "/calls?room=" + room, "alice", null).body()).get("items");
        assertThat(alices).hasSize(1);
        assertThat(alices.get(0).get("outcome").asText()).isEqualTo("completed");
        assertThat(alices.get(0).get("recordingUrl").asText()).startsWith("https://rec.example.com/alice_");
        assertThat(alices.get(0).get("campaignId").asText()).startsWith("camp-");
        assertThat(alices.get(0).get("ownerEvidence").asText()).isEqualTo("room_metadata");
        assertThat(alices.get(0).get("ownerContested").asBoolean()).isFalse();
        assertThat(JSON.readTree(api(base, "GET", "/calls?room=" + room, "acme", null).body()).get("items")).isEmpty();
        assertThat(api(base, "GET", "/calls/" + alices.get(0).get("id").asText() + "/outcome", "acme", null).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void twoInstancesOfOneRoomNameAreTwoCalls(TestDatabases db) throws Exception {
        String base = server(db);
        int n = 910 + db.ordinal();
        List<byte[]> monday = SyntheticCalls.call("acme", n, Outcome.COMPLETED, 1761741250L);
        String room = JSON.readTree(monday.get(0)).get("room").get("name").asText();
        for (byte[] event : monday) {
            assertThat(webhook(base, event).statusCode()).isEqualTo(200);
        }
        for (byte[] event : SyntheticCalls.call("acme", n, Outcome.BUSY, 1761741250L)) {
            byte[] tuesday = new String(event, StandardCharsets.UTF_8).replace("acme_" + n, "acme_" + n + "_tue").getBytes(StandardCharsets.UTF_8);
            assertThat(webhook(base, tuesday).statusCode()).isEqualTo(200);
        }
        JsonNode calls = JSON.readTree(api(base, "GET", "/calls?room=" + room, "acme", null).body()).get("items");
        assertThat(calls).hasSize(2);
        assertThat(List.of(calls.get(0).get("outcome").asText(), calls.get(1).get("outcome").asText()))
                .containsExactlyInAnyOrder("completed", "busy");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void clientMistakesAre400sNeverOutagesAndTheirSqlNeverReachesAnErrorLog(TestDatabases db) throws Exception {
        String base = server(db);
        String overflow = Base64.getUrlEncoder().withoutPadding().encodeToString("9223372036854775807:x".getBytes(StandardCharsets.UTF_8));
        String farPast = URLEncoder.encode("-1000000000-01-01T00:00:00Z", StandardCharsets.UTF_8);
        for (String path : List.of("/calls?cursor=" + overflow, "/calls?room=a%00b", "/calls?campaign=%00", "/calls?phone=%01",
                "/calls?from=" + farPast, "/calls?to=%2B1000000000-01-01T00:00:00Z", "/calls/stats?from=" + farPast,
                "/calls?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")) {
            HttpResponse<String> r = api(base, "GET", path, "acme", null);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(api(base, "GET", "/calls", "acme", null).headers().firstValue("Server")).as("no server version").isEmpty();
        HttpResponse<String> nulTenant = api(base, "GET", "/calls", "ac\u0000me", null);
        assertThat(nulTenant.statusCode()).as("a token whose tenant holds a NUL").isEqualTo(401);
        for (ILoggingEvent event : logs.list) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                assertThat(text(event)).doesNotContain("SELECT").doesNotContain("arguments");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void implausibleTimesAreBadInputNeverANegativeDuration(TestDatabases db) throws Exception {
        String base = server(db);
        byte[] left = ("{\"event\":\"participant_left\",\"id\":\"EV_time_" + db + "\",\"createdAt\":\"4102444800\",\"room\":{\"sid\":\"RM_time\","
                + "\"name\":\"room-time\"},\"participant\":{\"sid\":\"PA_t\",\"identity\":\"sip_+15550002\",\"kind\":\"SIP\",\"joinedAt\":\"1\","
                + "\"disconnectReason\":\"CLIENT_INITIATED\"}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = webhook(base, left);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("not a plausible time");
        JsonNode items = JSON.readTree(api(base, "GET", "/calls?room=room-time", "acme", null).body()).get("items");
        assertThat(items).as("no call with a wrapped duration").isEmpty();
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        return text.toString();
    }

    private HttpResponse<String> webhook(String base, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed")).header("Content-Type", "application/json")
                .header("Authorization", WebhookSigner.liveKitToken(Webhooks.API_KEY, Webhooks.API_SECRET, body, Clock.systemUTC(),
                        Duration.ofMinutes(5)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String base, String method, String path, String tenant, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + WebhookSigner.tenantToken(API_JWT_SECRET, tenant, Clock.systemUTC(), Duration.ofHours(1)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
