package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The second security review's findings (issue "Security, second round"), over HTTP against the demo server on every
 * database: an ordinary tenant token, a tenant's own LiveKit project key (mallory's, mapped to her), and hostile input.
 * Each test failed on the main branch the review probed. The demo's default tenant is {@code acme}.
 */
class TenantSealOverHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String API_JWT_SECRET = "demo-api-jwt-secret-change-me-0123456789";
    static final String MALLORY_KEY = "APImallory";
    static final String MALLORY_SECRET = "mallory-livekit-secret-0123456789abcdef";
    static final int MAX_FACTS = 5;
    static final int MAX_REGISTRATIONS = 20;
    private static final Map<String, DemoServer> SERVERS = new HashMap<>();
    private static final Map<String, String> URLS = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** One demo server per database and mode, shared by the tests (each uses rooms and tenants of its own). */
    private static synchronized String server(TestDatabases db, boolean async) throws Exception {
        db.assumeReachable();
        String name = db + (async ? "-async" : "");
        DemoServer server = SERVERS.get(name);
        if (server == null) {
            String url = db.freshUrl();
            server = DemoServer.start(DemoSettingsAccess.serve(url, async, Map.of(
                    "CALL_OUTCOMES_TENANT_KEYS", MALLORY_KEY + ":" + MALLORY_SECRET + ":mallory",
                    "CALL_OUTCOMES_MAX_FACTS_PER_CALL", Integer.toString(MAX_FACTS),
                    "CALL_OUTCOMES_MAX_REGISTRATIONS_PER_TENANT", Integer.toString(MAX_REGISTRATIONS))));
            SERVERS.put(name, server);
            URLS.put(name, url);
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

    /** Finding 1 (and 4): a squatter's registration and its facts never reach the real owner's call. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void factsOnASquattingRegistrationNeverLandInTheOwnersCall(TestDatabases db) throws Exception {
        String base = server(db, false);
        for (boolean aliceRegistersToo : List.of(false, true)) {
            List<byte[]> call = SyntheticCalls.call("alice", 2100 + db.ordinal() * 10 + (aliceRegistersToo ? 1 : 0), Outcome.COMPLETED,
                    1761741250L);
            String room = room(call.get(0));
            String squat = id(api(base, "POST", "/calls", "mallory", "{\"roomName\":\"" + room + "\"}"));
            for (String fact : List.of("{\"id\":\"f1\",\"type\":\"dial_result\",\"sipStatus\":486}",
                    "{\"id\":\"f2\",\"type\":\"transcript\",\"text\":\"mallory's words\"}",
                    "{\"id\":\"f3\",\"type\":\"transfer\",\"completed\":true,\"target\":\"tel:+15550666666\"}",
                    "{\"id\":\"f4\",\"type\":\"analysis\",\"analysis\":{\"by\":\"mallory\"}}",
                    "{\"id\":\"f5\",\"type\":\"machine_detection\",\"verdict\":\"machine_vm\"}")) {
                assertThat(api(base, "POST", "/calls/" + squat + "/facts", "mallory", fact).statusCode()).as(fact).isEqualTo(200);
            }
            if (aliceRegistersToo) {
                assertThat(api(base, "POST", "/calls", "alice", "{\"roomName\":\"" + room + "\",\"campaignId\":\"alice-camp\"}")
                        .statusCode()).isEqualTo(201);
            }
            for (byte[] event : call) {
                assertThat(webhook(base, event).statusCode() / 100).isEqualTo(2);
            }
            JsonNode alices = items(api(base, "GET", "/calls?room=" + room, "alice", null));
            assertThat(alices).hasSize(1);
            JsonNode alice = alices.get(0);
            assertThat(alice.get("outcome").asText()).isEqualTo("completed");
            assertThat(alice.get("disposition").asText()).isEqualTo("answered");
            assertThat(alice.get("transcript").isNull()).isTrue();
            assertThat(alice.get("transferTarget").isNull()).isTrue();
            assertThat(alice.get("analysis").isNull()).isTrue();
            assertThat(alice.get("ownerContested").asBoolean()).isFalse();
            JsonNode mallorys = items(api(base, "GET", "/calls?room=" + room, "mallory", null));
            assertThat(mallorys).hasSize(1);
            assertThat(mallorys.get(0).get("status").asText()).isEqualTo("registered");
            assertThat(mallorys.get(0).get("roomSid").isNull()).isTrue();
            assertThat(mallorys.get(0).get("phoneNumber").isNull()).isTrue();
        }
    }

    /** Finding 4: two registrations of one room, one with a harmless fact; an unsigned event goes to neither. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aFactMakesNoRegistrationTheOwnerOfARoomTwoTenantsRegistered(TestDatabases db) throws Exception {
        String base = server(db, false);
        List<byte[]> call = SyntheticCalls.call("victim", 2200 + db.ordinal(), Outcome.COMPLETED, 1761741250L);
        String room = room(call.get(0));
        api(base, "POST", "/calls", "victim", "{\"roomName\":\"" + room + "\"}");
        String attackers = id(api(base, "POST", "/calls", "mallory", "{\"roomName\":\"" + room + "\"}"));
        api(base, "POST", "/calls/" + attackers + "/facts", "mallory", "{\"id\":\"h\",\"type\":\"hang_up\",\"side\":\"callee\"}");
        for (byte[] event : call.subList(0, call.size() - 1)) {
            webhook(base, event);
        }
        JsonNode mallorys = items(api(base, "GET", "/calls?room=" + room, "mallory", null));
        assertThat(mallorys).hasSize(1);
        assertThat(mallorys.get(0).get("status").asText()).isEqualTo("registered");
        assertThat(mallorys.get(0).get("phoneNumber").isNull()).isTrue();
    }

    /** Finding 2: a mapped key names calls of its own project only, by name or by sid, synchronously and not. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aMappedKeyNeverTakesAnotherTenantsCall(TestDatabases db) throws Exception {
        for (boolean async : List.of(false, true)) {
            if (async && db != TestDatabases.POSTGRESQL) {
                continue;
            }
            String base = server(db, async);
            List<byte[]> call = SyntheticCalls.call("alice", 2300 + db.ordinal() * 10 + (async ? 1 : 0), Outcome.COMPLETED, 1761741250L);
            String room = room(call.get(0));
            for (byte[] event : call) {
                assertThat(webhook(base, event).statusCode() / 100).isEqualTo(2);
            }
            JsonNode before = awaitCall(base, "alice", room);
            String sid = before.get("roomSid").asText();
            String bySid = "{\"event\":\"participant_left\",\"id\":\"EV_steal_sid_" + room + "\",\"createdAt\":\"1761741200\","
                    + "\"room\":{\"sid\":\"" + sid + "\",\"name\":\"" + room + "\"},\"participant\":{\"sid\":\"PA_m\",\"identity\":\"sip_+15550666\","
                    + "\"kind\":\"SIP\",\"joinedAt\":\"1761741199\",\"disconnectReason\":\"USER_REJECTED\"}}";
            String byName = bySid.replace("EV_steal_sid_", "EV_steal_name_").replace("\"sid\":\"" + sid + "\",", "");
            for (String forged : List.of(bySid, byName)) {
                assertThat(signedBy(base, MALLORY_KEY, MALLORY_SECRET, forged.getBytes(StandardCharsets.UTF_8)).statusCode() / 100)
                        .isEqualTo(2);
            }
            Thread.sleep(async ? 1500 : 0);
            JsonNode after = awaitCall(base, "alice", room);
            for (String field : List.of("id", "phoneNumber", "roomSid", "recordingUrl", "outcome", "disposition", "durationSeconds")) {
                assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
            }
            for (JsonNode mine : items(api(base, "GET", "/calls?room=" + room, "mallory", null))) {
                assertThat(mine.get("id").asText()).isNotEqualTo(before.get("id").asText());
                assertThat(mine.get("recordingUrl").isNull()).isTrue();
                assertThat(mine.get("ownerEvidence").asText()).isEqualTo("api_key");
            }
        }
    }

    /** Finding 5: registering the default tenant's room name neither takes nor reveals nor squats its calls. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void registeringTheDefaultTenantsRoomNameTakesRevealsAndSquatsNothing(TestDatabases db) throws Exception {
        String base = server(db, false);
        List<byte[]> open = SyntheticCalls.call("nobody", 2400 + db.ordinal() * 10, Outcome.COMPLETED, 1761741250L);
        String room = room(open.get(0));
        for (byte[] event : open.subList(0, 2)) {
            webhook(base, event);
        }
        HttpResponse<String> registered = api(base, "POST", "/calls", "mallory", "{\"roomName\":\"" + room + "\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(registered.body());
        assertThat(body.get("phoneNumber").isNull()).as("the default tenant's phone number").isTrue();
        assertThat(body.get("roomSid").isNull()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("registered");
        assertThat(items(api(base, "GET", "/calls?room=" + room, "acme", null))).hasSize(1);

        List<byte[]> future = SyntheticCalls.call("nobody", 2401 + db.ordinal() * 10, Outcome.COMPLETED, 1761741250L);
        String futureRoom = room(future.get(0));
        api(base, "POST", "/calls", "mallory", "{\"roomName\":\"" + futureRoom + "\"}");
        for (byte[] event : future.subList(0, future.size() - 1)) { // room_finished, whose metadata names a tenant, aside
            webhook(base, event);
        }
        assertThat(items(api(base, "GET", "/calls?room=" + futureRoom, "acme", null))).hasSize(1);
        JsonNode squatted = items(api(base, "GET", "/calls?room=" + futureRoom, "mallory", null));
        assertThat(squatted).hasSize(1);
        assertThat(squatted.get(0).get("status").asText()).isEqualTo("registered");
    }

    /** Findings 6 and 8: facts per call capped; nothing kept for a call the tenant lacks; registrations per tenant capped. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void factsPerCallAndRegistrationsPerTenantAreBoundedAndUnknownCallsKeepNothing(TestDatabases db) throws Exception {
        String base = server(db, false);
        String tenant = "bounded-" + db.name().toLowerCase();
        String call = id(api(base, "POST", "/calls", tenant, "{\"roomName\":\"room-bounded-" + db + "\"}"));
        for (int i = 0; i < MAX_FACTS; i++) {
            assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant, "{\"id\":\"f" + i + "\",\"type\":\"hang_up\",\"side\":\"callee\"}")
                    .statusCode()).isEqualTo(200);
        }
        assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant, "{\"id\":\"f0\",\"type\":\"hang_up\",\"side\":\"callee\"}")
                .statusCode()).as("a retry of a fact it holds").isEqualTo(200);
        HttpResponse<String> over = api(base, "POST", "/calls/" + call + "/facts", tenant, "{\"id\":\"one-more\",\"type\":\"hang_up\",\"side\":\"callee\"}");
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("the most a call may hold");

        int before = malformedFacts(db);
        for (int i = 0; i < 5; i++) {
            assertThat(api(base, "POST", "/calls/no-such-call-" + i + "/facts", tenant, "{\"id\":\"x\",\"type\":\"nonsense\"}").statusCode())
                    .isEqualTo(404);
        }
        assertThat(malformedFacts(db)).as("nothing kept for calls the tenant does not have").isEqualTo(before);
        for (int i = 0; i < 3; i++) {
            assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant, "{\"id\":\"x\",\"type\":\"nonsense-" + i + "\"}").statusCode())
                    .isEqualTo(400);
        }
        assertThat(malformedFacts(db)).as("one kept per call").isEqualTo(before + 1);

        String many = "many-" + db.name().toLowerCase();
        for (int i = 0; i < MAX_REGISTRATIONS; i++) {
            assertThat(api(base, "POST", "/calls", many, "{\"roomName\":\"room-many-" + i + "\"}").statusCode()).isEqualTo(201);
        }
        assertThat(api(base, "POST", "/calls", many, "{\"roomName\":\"room-many-0\",\"campaignId\":\"again\"}").statusCode())
                .as("updating one it holds").isEqualTo(201);
        HttpResponse<String> tooMany = api(base, "POST", "/calls", many, "{\"roomName\":\"room-many-x\"}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("registrations waiting");
    }

    /** Findings 7 and 11: JSON-only POSTs; TRACE refused without echoing credentials. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void crossSiteFormsAre415AndTraceEchoesNothing(TestDatabases db) throws Exception {
        String base = server(db, false);
        String token = "Bearer " + WebhookSigner.tenantToken(API_JWT_SECRET, "formed", Clock.systemUTC(), Duration.ofHours(1));
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            for (String path : List.of("/calls", "/calls/some-call/facts")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", token)
                        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{\"roomName\":\"room-csrf\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(type + " " + path).isEqualTo(415);
            }
        }
        assertThat(items(api(base, "GET", "/calls?room=room-csrf", "formed", null))).isEmpty();
        for (String path : List.of("/webhooks/call_completed", "/dashboard/", "/calls")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", token)
                    .header("Cookie", "session=secret-cookie").method("TRACE", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.body()).as(path).doesNotContain("secret-cookie").doesNotContain(token.substring(7));
        }
    }

    /** Findings 9 and 14: metadata too deep is refused, what is stored writes back as valid JSON; URLs http(s) only. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deepMetadataIsRefusedAndTranscriptUrlsAreHttpOnly(TestDatabases db) throws Exception {
        String base = server(db, false);
        String tenant = "deep-" + db.name().toLowerCase();
        for (int depth : List.of(998, 33)) {
            String nested = "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
            HttpResponse<String> r = api(base, "POST", "/calls", tenant, "{\"roomName\":\"room-deep\",\"metadata\":" + nested + "}");
            assertThat(r.statusCode()).as("depth %d", depth).isEqualTo(400);
        }
        String ok = "{\"a\":".repeat(30) + "{}" + "}".repeat(30);
        String call = id(api(base, "POST", "/calls", tenant, "{\"roomName\":\"room-deep\",\"metadata\":" + ok + "}"));
        HttpResponse<String> list = api(base, "GET", "/calls?room=room-deep", tenant, null);
        assertThat(JSON.readTree(list.body()).get("items").get(0).get("metadata").toString()).isEqualTo(ok);
        assertThat(api(base, "POST", "/calls", tenant, "{\"roomName\":\"room-big\",\"metadata\":{\"x\":\"" + "y".repeat(17 * 1024) + "\"}}")
                .statusCode()).as("metadata over 16 KiB").isEqualTo(400);
        for (String url : List.of("javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:alert(1)")) {
            assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant, "{\"id\":\"t\",\"type\":\"transcript\",\"url\":\"" + url + "\"}")
                    .statusCode()).as(url).isEqualTo(400);
        }
        assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant,
                "{\"id\":\"t\",\"type\":\"transcript\",\"url\":\"https://transcripts.example.com/1\"}").statusCode()).isEqualTo(200);
    }

    /** Finding 10: the dashboard reads through the same rate limit as the API. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aThrottledTenantIsThrottledOnTheDashboardToo(TestDatabases db) throws Exception {
        String base = server(db, false);
        String tenant = "throttled-" + db.name().toLowerCase();
        int throttled = 0;
        for (int i = 0; i < 200 && throttled == 0; i++) {
            throttled += api(base, "GET", "/calls/some-id/outcome", tenant, null).statusCode() == 429 ? 1 : 0;
        }
        assertThat(throttled).as("the API throttled the tenant").isEqualTo(1);
        // The bucket refills (50/s in the demo): of ten reads at once on the dashboard, most find it empty. With a
        // rate limit of its own (burst 100), every one of them was answered.
        int onDashboard = 0;
        for (int i = 0; i < 10; i++) {
            onDashboard += api(base, "GET", i % 2 == 0 ? "/dashboard/api/calls" : "/dashboard/api/calls/stats", tenant, null)
                    .statusCode() == 429 ? 1 : 0;
        }
        assertThat(onDashboard).as("dashboard reads throttled").isGreaterThanOrEqualTo(5);
    }

    /** Finding 12: a malformed fact's value cannot forge a log line. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void callerInputNeverStartsALogLine(TestDatabases db) throws Exception {
        String base = server(db, false);
        String tenant = "logger-" + db.name().toLowerCase();
        String call = id(api(base, "POST", "/calls", tenant, "{\"roomName\":\"room-log\"}"));
        assertThat(api(base, "POST", "/calls/" + call + "/facts", tenant,
                "{\"id\":\"x\",\"type\":\"machine_detection\",\"verdict\":\"x\\n2026-12-04 ERROR forged\"}").statusCode()).isEqualTo(400);
        // An authentic webhook whose attribute key holds a newline (a mapped key's tenant can sign anything): malformed.
        byte[] forged = ("{\"event\":\"participant_joined\",\"id\":\"EV_log_" + db + "\",\"createdAt\":\"1761741300\",\"room\":"
                + "{\"sid\":\"RM_log_" + db + "\",\"name\":\"room-log\"},\"participant\":{\"sid\":\"PA_log\",\"identity\":\"p\","
                + "\"attributes\":{\"k\\r\\n2026-12-04 ERROR forged\":1}}}").getBytes(StandardCharsets.UTF_8);
        signedBy(base, MALLORY_KEY, MALLORY_SECRET, forged); // kept as malformed (400)
        assertThat(logs.list).as("the malformed fact and webhook were logged").hasSizeGreaterThanOrEqualTo(2);
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain("\n").doesNotContain("\r");
        }
    }

    /** Finding 13: identifiers that are not valid UTF-16 are refused, never stored with a ? in their place. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void identifiersWithALoneSurrogateAreRefused(TestDatabases db) throws Exception {
        String base = server(db, false);
        String tenant = "sur?gate-" + db.name().toLowerCase();
        String room = "room-surrogate-" + db;
        assertThat(api(base, "POST", "/calls", tenant, "{\"roomName\":\"" + room + "\"}").statusCode()).isEqualTo(201);
        long now = System.currentTimeMillis() / 1000;
        String lone = WebhookSigner.jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"" + tenant.replace("?", "\\ud800")
                + "\",\"aud\":\"" + TenantTokenVerifier.TENANT_AUDIENCE + "\",\"exp\":" + (now + 3600) + "}", API_JWT_SECRET);
        assertThat(raw(base, "/calls?room=" + room, "Bearer " + lone).statusCode()).isEqualTo(401);
        assertThat(api(base, "POST", "/calls", "other-" + db, "{\"roomName\":\"room-\\udc00\"}").statusCode()).isEqualTo(400);
    }

    /** Finding 15: tenant tokens: exp and nbf without overflow, crit refused, duplicate claims refused, audience required. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tenantTokensThatSayTooMuchOrTooLittleAreRefused(TestDatabases db) throws Exception {
        String base = server(db, false);
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String aud = ",\"aud\":\"" + TenantTokenVerifier.TENANT_AUDIENCE + "\"";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("nbf far in the future (nbf * 1000 overflowed to the past)",
                WebhookSigner.jwt(header, "{\"sub\":\"acme\"" + aud + ",\"exp\":" + (now + 3600) + ",\"nbf\":9223372036854776}", API_JWT_SECRET));
        refused.put("exp not a whole number", WebhookSigner.jwt(header, "{\"sub\":\"acme\"" + aud + ",\"exp\":1e300}", API_JWT_SECRET));
        refused.put("unknown crit header", WebhookSigner.jwt("{\"alg\":\"HS256\",\"crit\":[\"x-bind\"],\"x-bind\":1}",
                "{\"sub\":\"acme\"" + aud + ",\"exp\":" + (now + 3600) + "}", API_JWT_SECRET));
        refused.put("duplicate sub", WebhookSigner.jwt(header, "{\"sub\":\"acme\",\"sub\":\"mallory\"" + aud + ",\"exp\":" + (now + 3600) + "}",
                API_JWT_SECRET));
        refused.put("no audience", WebhookSigner.jwt(header, "{\"sub\":\"acme\",\"exp\":" + (now + 3600) + "}", API_JWT_SECRET));
        refused.put("an operator token", WebhookSigner.operatorToken(API_JWT_SECRET, "acme", Clock.systemUTC(), Duration.ofHours(1)));
        for (Map.Entry<String, String> token : refused.entrySet()) {
            assertThat(raw(base, "/calls", "Bearer " + token.getValue()).statusCode()).as(token.getKey()).isEqualTo(401);
        }
        assertThat(raw(base, "/calls", "Bearer " + WebhookSigner.jwt(header, "{\"sub\":\"acme\"" + aud + ",\"exp\":9223372036854775807}",
                API_JWT_SECRET)).statusCode()).as("exp far in the future is valid").isEqualTo(200);
    }

    private JsonNode awaitCall(String base, String tenant, String room) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode items = items(api(base, "GET", "/calls?room=" + room, tenant, null));
            if (items.size() == 1 && "ended".equals(items.get(0).get("status").asText()) && !items.get(0).get("recordingUrl").isNull()
                    || System.nanoTime() > deadline) {
                assertThat(items).hasSize(1);
                return items.get(0);
            }
            Thread.sleep(200);
        }
    }

    private int malformedFacts(TestDatabases db) throws Exception {
        String sql = switch (db) {
            case H2 -> "SELECT COUNT(*) FROM \"livekit_call_events\" WHERE \"eventId\" LIKE 'malformed-fact-%'";
            case POSTGRESQL -> "SELECT COUNT(*) FROM livekit_call_events WHERE \"eventId\" LIKE 'malformed-fact-%'";
            case MARIADB -> "SELECT COUNT(*) FROM livekit_call_events WHERE eventId LIKE 'malformed-fact-%'";
        };
        try (Connection c = DriverManager.getConnection(URLS.get(db.toString())); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String room(byte[] event) throws Exception {
        return JSON.readTree(event).get("room").get("name").asText();
    }

    private static String id(HttpResponse<String> registered) throws Exception {
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return JSON.readTree(registered.body()).get("id").asText();
    }

    private static JsonNode items(HttpResponse<String> page) throws Exception {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return JSON.readTree(page.body()).get("items");
    }

    private HttpResponse<String> webhook(String base, byte[] body) throws Exception {
        return signedBy(base, Webhooks.API_KEY, Webhooks.API_SECRET, body);
    }

    private HttpResponse<String> signedBy(String base, String key, String secret, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed")).header("Content-Type", "application/json")
                .header("Authorization", WebhookSigner.liveKitToken(key, secret, body, Clock.systemUTC(), Duration.ofMinutes(5)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> raw(String base, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String base, String method, String path, String tenant, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + WebhookSigner.tenantToken(API_JWT_SECRET, tenant, Clock.systemUTC(), Duration.ofHours(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
