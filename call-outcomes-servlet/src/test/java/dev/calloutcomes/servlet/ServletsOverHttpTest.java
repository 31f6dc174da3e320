package dev.calloutcomes.servlet;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.testing.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The servlets in a real Jetty on an ephemeral port, over real HTTP. */
class ServletsOverHttpTest extends HttpTestBase {
    @Test
    void everyFixtureReachesItsOutcome() throws Exception {
        // The tenant the fixtures' room metadata names: signed evidence and the registration agree.
        String tenant = "tenant-fixture";
        HttpResponse<String> registered = api("POST", "/calls", tenant,
                "{\"roomName\":\"" + Fixtures.ROOM_NAME + "\",\"phoneNumber\":\"+17678189426\",\"direction\":\"outbound\","
                        + "\"campaignId\":\"spring\",\"leadId\":\"lead-9\",\"metadata\":{\"crm\":\"c1\"}}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String id = json(registered).get("id").asText();
        assertThat(registered.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/calls/" + id + "/outcome"));

        for (String name : List.of("room_started", "participant_joined_sip_dialing", "participant_left_agent",
                "participant_left_answered_95s", "egress_ended_recording")) {
            HttpResponse<String> r = fixture(name);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo("processed");
            assertThat(json(r).get("call_id").asText()).isEqualTo(id);
        }
        JsonNode call = json(api("GET", "/calls/" + id + "/outcome", tenant, null));
        assertThat(call.get("outcome").asText()).isEqualTo("completed");
        assertThat(call.get("duration").asLong()).isEqualTo(95);
        assertThat(call.get("userId").asText()).isEqualTo("tenant-fixture");
        assertThat(call.get("campaignId").asText()).isEqualTo("spring");
        assertThat(call.get("leadId").asText()).isEqualTo("lead-9");
        assertThat(call.get("recordingUrl").asText()).endsWith("RM_fxT5hQk2Lm9P.ogg");
        assertThat(call.get("sipCallId").asText()).isEqualTo("SCL_fxA8kPq3Zr2W");
        assertThat(call.get("metadata").get("crm").asText()).isEqualTo("c1");

        HttpResponse<String> voicemail = fixture("room_finished_voicemail_metadata");
        assertThat(json(voicemail).get("outcome").asText()).isEqualTo("voicemail");
        assertThat(json(voicemail).get("message").asText()).isEqualTo("Outcome: voicemail");
        assertThat(json(fixture("room_finished_voicemail_metadata")).get("status").asText()).isEqualTo("duplicate");
        assertThat(json(fixture("track_published_irrelevant")).get("status").asText()).isEqualTo("ignored");

        for (String ending : List.of("participant_left_busy", "participant_left_no_answer", "participant_left_trunk_failure",
                "participant_connection_aborted")) {
            assertThat(fixture(ending).statusCode()).as(ending).isEqualTo(200);
        }
        assertThat(json(api("GET", "/calls/" + id + "/outcome", tenant, null)).get("outcome").asText())
                .as("the voicemail verdict still decides with every ending in the set").isEqualTo("voicemail");

        JsonNode page = json(api("GET", "/calls?outcome=voicemail&limit=10", tenant, null));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("disposition").asText()).isEqualTo("voicemail");
        assertThat(json(api("GET", "/calls?disposition=voicemail", tenant, null)).get("items")).hasSize(1);
        assertThat(json(api("GET", "/calls?disposition=answered", tenant, null)).get("items")).isEmpty();
        assertThat(api("GET", "/calls?disposition=great", tenant, null).statusCode()).isEqualTo(400);
        HttpResponse<String> reported = api("POST", "/calls/" + id + "/facts", tenant,
                "{\"id\":\"amd-1\",\"type\":\"machine_detection\",\"verdict\":\"machine_ivr\"}");
        assertThat(reported.statusCode()).isEqualTo(200);
        assertThat(json(reported).get("disposition").asText()).as("the host's verdict settles it").isEqualTo("ivr");
        assertThat(json(reported).get("outcome").asText()).isEqualTo("voicemail");
        HttpResponse<String> transcript = api("POST", "/calls/" + id + "/facts", tenant,
                "{\"id\":\"tr\",\"type\":\"transcript\",\"text\":\"Agent: hi\",\"language\":\"en\"}");
        assertThat(json(transcript).get("transcript").asText()).isEqualTo("Agent: hi");
        HttpResponse<String> analysis = api("POST", "/calls/" + id + "/facts", tenant,
                "{\"id\":\"an\",\"type\":\"analysis\",\"analysis\":{\"intent\":\"callback\"}}");
        assertThat(json(analysis).get("analysis").get("intent").asText()).isEqualTo("callback");
        HttpResponse<String> badSide = api("POST", "/calls/" + id + "/facts", tenant, "{\"id\":\"h\",\"type\":\"hang_up\",\"side\":3}");
        assertThat(badSide.statusCode()).isEqualTo(400);
        assertThat(json(badSide).get("detail").asText()).contains("side");
        assertThat(store.findEventsByStatus(dev.calloutcomes.store.EventStatus.FAILED, 100))
                .as("kept for inspection, as the tenant's").anyMatch(e -> e.eventId().startsWith("malformed-fact-") && tenant.equals(e.tenantId())
                        && e.payload().contains("hang_up"));
        HttpResponse<String> badFact = api("POST", "/calls/" + id + "/facts", tenant, "{\"id\":\"x\",\"type\":\"dial_result\",\"sipStatus\":99}");
        assertThat(badFact.statusCode()).isEqualTo(400);
        assertThat(json(badFact).get("detail").asText()).contains("sipStatus");
        assertThat(api("POST", "/calls/" + id + "/facts", tenant, "{\"type\":\"dial_result\",\"sipStatus\":486}").statusCode())
                .as("a fact needs its id").isEqualTo(400);
        assertThat(api("POST", "/calls/" + id + "/facts", "mallory", "{\"id\":\"m\",\"type\":\"dial_result\",\"sipStatus\":486}")
                .statusCode()).as("another tenant's call").isEqualTo(404);
        assertThat(json(api("GET", "/calls/stats?groupBy=disposition&from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z", tenant, null))
                .get("groups").get(0).get("key").asText()).isEqualTo("ivr");
        assertThat(page.get("nextCursor").isNull()).isTrue();
        JsonNode stats = json(api("GET", "/calls/stats?groupBy=outcome&from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z", tenant, null));
        assertThat(stats.get("groups").get(0).get("key").asText()).isEqualTo("voicemail");
    }

    @Test
    void answers202ForAnUnattributedEventAnd401ForAnUnverifiableOne() throws Exception {
        assertThat(fixture("room_started").statusCode()).as("unattributed but kept").isEqualTo(202);
        assertThat(webhook(Fixtures.body("room_started"), null, "application/webhook+json").statusCode()).isEqualTo(401);
        HttpResponse<String> forged = webhook(Fixtures.body("participant_left_busy"), Fixtures.authorization("room_started"),
                "application/webhook+json");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(forged).get("detail").asText()).as("says nothing an unauthenticated caller could probe with")
                .isEqualTo("webhook verification failed");
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("BODY_HASH_MISMATCH"));
    }

    @Test
    void answers400ForAnAuthenticButMalformedBody() throws Exception {
        HttpResponse<String> malformed = signed("{\"event\":\"room_started\",");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("detail").asText()).contains("not valid JSON");
        assertThat(signed("{\"event\":\"room_started\"}").statusCode()).isEqualTo(400);
        assertThat(signed("[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void answers415ForAnotherContentTypeAnd413ForABodyTooLarge() throws Exception {
        assertThat(webhook(Fixtures.body("room_started"), Fixtures.authorization("room_started"), "text/plain").statusCode()).isEqualTo(415);
        byte[] huge = new byte[70 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(webhook(huge, Fixtures.authorization("room_started"), "application/json").statusCode()).isEqualTo(413);
    }

    @Test
    void answers503WithRetryAfterWhileStorageIsDownAndHealthSaysSo() throws Exception {
        store.setDown(true);
        HttpResponse<String> unavailable = fixture("participant_left_busy");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).contains("5");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        store.setDown(false);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        assertThat(json(health).at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(json(health).at("/components/webhookVerification/details/schemes").toString()).isEqualTo("[\"livekit-jwt\"]");
        assertThat(json(health).get("livekit_keys_configured").asBoolean()).isTrue();
        assertThat(json(health).get("webhook_secret_configured").asBoolean())
                .as("a LiveKit key is not a webhook secret").isFalse();
    }

    @Test
    void healthNamesEachVerificationSchemeAccurately() {
        assertThat(WebhookHealth.of(true, java.util.Set.of("hmac")))
                .containsEntry("webhook_secret_configured", true).containsEntry("livekit_keys_configured", false)
                .containsEntry("config_status", "ok");
        assertThat(WebhookHealth.of(true, java.util.Set.of()))
                .as("every webhook would be refused, and LiveKit does not retry a 401: down")
                .containsEntry("status", "DOWN").containsEntry("webhook_secret_configured", false)
                .containsEntry("config_status", "no webhook verification configured: every webhook is rejected");
        assertThat(WebhookHealth.of(false, java.util.Set.of("insecure-none")))
                .containsEntry("status", "DOWN").containsEntry("config_status", "INSECURE: webhooks are accepted without verification");
        assertThat(WebhookHealth.of(true, java.util.Set.of("insecure-none"))).containsEntry("status", "UP");
    }

    @Test
    void healthIsDegradedNotDownWhileASpoolTakesWhatTheDatabaseCannot() {
        java.time.Instant oldest = java.time.Instant.parse("2026-12-08T02:00:00Z");
        Map<String, Object> degraded = WebhookHealth.of(false, java.util.Set.of("livekit-jwt"), new WebhookHealth.Spooled(3, oldest));
        assertThat(degraded).containsEntry("status", "DEGRADED");
        assertThat(degraded.get("components")).asString().contains("db={status=DOWN}").contains("events=3")
                .contains("oldest=2026-12-08T02:00:00Z");
        assertThat(WebhookHealth.of(true, java.util.Set.of("livekit-jwt"), new WebhookHealth.Spooled(0, null)))
                .as("a drained spool with the database back").containsEntry("status", "UP");
        assertThat(WebhookHealth.of(false, java.util.Set.of(), new WebhookHealth.Spooled(0, null)))
                .as("no verification: down whatever the spool").containsEntry("status", "DOWN");
    }

    @Test
    void keepsTenantsApart() throws Exception {
        String aliceCall = json(api("POST", "/calls", "alice", "{\"roomName\":\"room-alice\"}")).get("id").asText();
        assertThat(api("GET", "/calls/" + aliceCall + "/outcome", "alice", null).statusCode()).isEqualTo(200);
        HttpResponse<String> crossTenant = api("GET", "/calls/" + aliceCall + "/outcome", "mallory", null);
        assertThat(crossTenant.statusCode()).isEqualTo(404);
        assertThat(api("GET", "/calls/nope/outcome", "mallory", null).statusCode()).isEqualTo(404);
        assertThat(json(api("GET", "/calls", "mallory", null)).get("items")).isEmpty();
        HttpResponse<String> squat = api("POST", "/calls", "mallory", "{\"roomName\":\"room-alice\"}");
        assertThat(squat.statusCode()).as("registering a room another tenant uses tells nothing").isEqualTo(201);
        assertThat(json(squat).get("id").asText()).isNotEqualTo(aliceCall);
        assertThat(api("GET", "/calls/" + aliceCall + "/outcome", "mallory", null).statusCode()).isEqualTo(404);
    }

    @Test
    void answers401WithoutAValidTokenAnd400ForBadApiInput() throws Exception {
        assertThat(api("GET", "/calls", null, null).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/calls")).header("Authorization", "Bearer "
                + WebhookSigner.tenantToken("wrong-secret-0123456789abcdef0123456789", "alice", clock, Duration.ofHours(1))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/calls?outcome=great", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/calls?limit=-3", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/calls?cursor=bm90LWEtY3Vyc29y", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/calls?from=yesterday", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/calls/stats?groupBy=planet", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/calls/stats?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "alice", null).statusCode()).isEqualTo(400);
        assertThat(api("POST", "/calls", "alice", "{\"roomName\":7}").statusCode()).isEqualTo(400);
        assertThat(api("POST", "/calls", "alice", "{\"direction\":\"sideways\",\"roomName\":\"r\"}").statusCode()).isEqualTo(400);
        assertThat(api("POST", "/calls", "alice", "not json").statusCode()).isEqualTo(400);
        assertThat(api("DELETE", "/calls", "alice", null).statusCode()).isEqualTo(404);
    }

    @Test
    void pagesThroughCallsWithCursors() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertThat(api("POST", "/calls", "acme", "{\"roomName\":\"room-" + i + "\"}").statusCode()).isEqualTo(201);
        }
        List<String> rooms = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api("GET", "/calls?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), "acme", null));
            page.get("items").forEach(item -> rooms.add(item.get("roomName").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(rooms).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void rateLimitsWithRetryAfter() throws Exception {
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).build();
        jetty.add("/limited/*", CallsServlet.of(outcomes, TenantAuthenticators.requestAttribute("none"), RateLimit.of(1, 1).withClock(clock)));
        jetty.add("/tight/*", CallsServlet.of(outcomes, r -> java.util.Optional.of("t"), RateLimit.of(1, 1).withClock(clock)));
        assertThat(api("GET", "/tight", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = api("GET", "/tight", null, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(api("GET", "/limited", null, null).statusCode()).as("unauthenticated first").isEqualTo(401);
        assertThat(limited.headers().firstValue("Connection")).as("no body left unread").isEmpty();
        // An early answer leaves a registration's body unread: the connection closes and says so, and the
        // client's next request still gets its answer.
        HttpResponse<String> unread = api("POST", "/limited", null, "{\"roomName\":\"room-x\"}");
        assertThat(unread.statusCode()).isEqualTo(401);
        assertThat(unread.headers().firstValue("Connection")).hasValue("close");
        HttpResponse<String> throttled = api("POST", "/tight", null, "{\"roomName\":\"room-x\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Connection")).hasValue("close");
        assertThat(api("POST", "/limited", null, "{\"roomName\":\"room-y\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void throttlesAddressesThatKeepSendingBadWebhooksButNeverTheirAuthenticOnes() throws Exception {
        try (JettyFixture tight = new JettyFixture(Map.of("/webhooks/call_completed/*", WebhookServlet.builder(
                CallOutcomes.builder().store(OutcomeStore.inMemory(clock)).clock(clock).defaultTenant("acme")
                        .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(clock).build()).build())
                .rateLimit(RateLimit.of(1, 3).withClock(clock)).build()))) {
            String url = tight.base + "/webhooks/call_completed";
            for (int i = 0; i < 3; i++) {
                assertThat(post(url, Fixtures.body("room_started"), "forged").statusCode()).isEqualTo(401);
            }
            HttpResponse<String> limited = post(url, Fixtures.body("room_started"), "forged");
            assertThat(limited.statusCode()).as("the address spent its budget of failures").isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.headers().firstValue("Connection")).as("its body is not read").hasValue("close");
            for (String name : Fixtures.JWT_SIGNED) {
                assertThat(post(url, Fixtures.body(name), Fixtures.authorization(name)).statusCode())
                        .as("authentic webhooks from the same address: " + name).isBetween(200, 299);
            }
            assertThat(post(url, Fixtures.body("participant_left_busy"), Fixtures.authorization("room_started")).statusCode())
                    .as("an authentic token on another body is not authentic").isEqualTo(429);
        }
    }

    private HttpResponse<String> post(String url, byte[] body, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/webhook+json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void logsNoSecretTokenOrSignature() throws Exception {
        fixture("participant_left_busy");
        webhook(Fixtures.body("participant_left_busy"), Fixtures.authorization("room_started"), "application/json");
        webhook(Fixtures.body("participant_left_busy"), "Bearer " + Fixtures.authorization("participant_left_busy") + "x", "application/json");
        signed("{\"event\":\"room_started\"}");
        store.setDown(true);
        fixture("participant_left_no_answer");
        store.setDown(false);
        api("GET", "/calls", "acme", null);
        assertThat(logs.list).isNotEmpty();
        String token = Fixtures.authorization("participant_left_busy");
        for (ILoggingEvent event : logs.list) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getMessage());
            }
            assertThat(text.toString()).doesNotContain(API_SECRET).doesNotContain(API_JWT_SECRET)
                    .doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(Fixtures.authorization("room_started"));
        }
    }
}
