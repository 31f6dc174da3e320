package dev.calloutcomes.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.testing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a realistic series of LiveKit-signed webhooks to a running server: the bodies are the real
 * fixtures (as LiveKit's SDK serializes them), re-addressed to a room per call. Covers answered, busy,
 * no answer, trunk failure and voicemail calls, a duplicate delivery and an out-of-order delivery.
 */
final class DemoScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DemoServer server;
    private final String base;
    private final DemoSettings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String runId = Long.toString(System.currentTimeMillis() / 1000);

    DemoScenario(DemoServer server, DemoSettings settings, PrintStream out) {
        this.server = server;
        this.base = server.baseUrl();
        this.settings = settings;
        this.out = out;
    }

    /**
     * A call: its webhooks, then the facts the host reports about it ({@code POST /calls/{id}/facts}); in a fact,
     * {@code ANSWERED_AT} stands for the callee's join plus 20 s.
     */
    /** An agent_job_ended as LiveKit's server sends it when the agent left the room while its job ran (livekit/livekit room.go). */
    private static final String AGENT_LEFT_JOB = "{\"event\":\"agent_job_ended\",\"id\":\"EV_fxJobEnded1\",\"createdAt\":\"1761741347\","
            + "\"job\":{\"id\":\"AJ_fx\",\"type\":\"JT_ROOM\",\"room\":{\"sid\":\"RM_fxT5hQk2Lm9P\",\"name\":\"sip-7678189426__1730000000__abc\"},"
            + "\"state\":{\"status\":\"JS_FAILED\",\"error\":\"agent worker left the room\"}}}";

    private record DemoCall(String label, String phone, List<String> fixtures, List<String> facts) {
        DemoCall(String label, String phone, List<String> fixtures) {
            this(label, phone, fixtures, List.of());
        }
    }

    void run() throws IOException, InterruptedException {
        List<DemoCall> calls = List.of(
                new DemoCall("answered, 95 s", "4155550101", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_95s", "participant_left_agent", "egress_ended_recording")),
                new DemoCall("busy", "4155550102", List.of("room_started", "participant_joined_sip_dialing", "participant_left_busy")),
                new DemoCall("no answer", "4155550103", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_no_answer")),
                new DemoCall("trunk failure", "4155550104", List.of("participant_joined_sip_dialing", "participant_left_trunk_failure")),
                new DemoCall("voicemail", "4155550105", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_95s", "room_finished_voicemail_metadata")),
                new DemoCall("out of order", "4155550106", List.of("egress_ended_recording", "participant_left_answered_95s",
                        "participant_joined_sip_dialing", "room_started")),
                new DemoCall("declined", "4155550107", List.of("room_started", "participant_joined_sip_dialing", "participant_left_busy"),
                        List.of("{\"id\":\"dial\",\"type\":\"dial_result\",\"sipStatus\":603,\"phrase\":\"Decline\"}")),
                new DemoCall("never active", "4155550108", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_connection_aborted")),
                new DemoCall("AMD voicemail", "4155550109", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_95s"), List.of("{\"id\":\"amd\",\"type\":\"machine_detection\",\"verdict\":\"machine_vm\"}")),
                new DemoCall("ring + talk", "4155550110", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_95s"), List.of("{\"id\":\"answer\",\"type\":\"answered\",\"at\":\"ANSWERED_AT\"}")),
                // Answered, then the line dropped: CLIENT_INITIATED with sip.callStatus still active (no hang-up marker).
                new DemoCall("line dropped", "4155550111", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_media_timeout")),
                // An inbound caller who hung up while waiting, before anyone joined.
                new DemoCall("caller gave up", "4155550112", List.of("participant_left_inbound_caller_hung_up_waiting")),
                // The agent's job ended JS_FAILED because its agent left the room: the ordinary end of a completed call.
                new DemoCall("agent job ended", "4155550113", List.of("room_started", "participant_joined_sip_dialing",
                        "participant_left_answered_95s", "participant_left_agent", AGENT_LEFT_JOB)));
        String token = WebhookSigner.tenantToken(settings.apiJwtSecret(), settings.defaultTenant(), Clock.systemUTC(), Duration.ofHours(12));
        out.println();
        out.println("Sending LiveKit-signed webhooks to " + base + "/webhooks/call_completed ...");
        String firstRoom = room(calls.get(0).phone());
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(base + "/calls"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomName\":\"" + firstRoom + "\",\"phoneNumber\":\"+1"
                        + calls.get(0).phone() + "\",\"direction\":\"outbound\",\"campaignId\":\"spring-promo\",\"leadId\":\"lead-001\"}")));
        out.printf("  POST /calls (register %s before dialing) -> %d%n", firstRoom, registered.statusCode());

        List<String[]> rows = new ArrayList<>();
        for (DemoCall call : calls) {
            for (String fixture : call.fixtures()) {
                webhook(body(fixture, call.phone()));
            }
            rows.add(new String[] {call.label(), room(call.phone())});
        }
        byte[] again = body("participant_left_busy", calls.get(1).phone());
        out.printf("  redelivering a busy call's participant_left -> status %s%n", webhook(again).path("status").asText());

        server.awaitProcessed(Duration.ofSeconds(30));
        for (int i = 0; i < calls.size(); i++) {
            for (String fact : calls.get(i).facts()) {
                JsonNode c = call(token, rows.get(i)[1]);
                String body = fact.replace("ANSWERED_AT", Instant.parse(c.path("startedAt").asText()).plusSeconds(20).toString());
                HttpResponse<String> reported = send(HttpRequest.newBuilder(URI.create(base + "/calls/" + c.path("id").asText() + "/facts"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                out.printf("  POST /calls/{id}/facts (%s: %s) -> %d%n", calls.get(i).label(), JSON.readTree(body).path("type").asText(),
                        reported.statusCode());
            }
        }
        out.println();
        out.printf("%-16s %-12s %-16s %-30s %-9s %-11s %-12s %s%n", "CALL", "OUTCOME", "DISPOSITION", "REASON", "DURATION",
                "RING/TALK", "CAMPAIGN", "RECORDING");
        for (String[] row : rows) {
            JsonNode c = call(token, row[1]);
            out.printf("%-16s %-12s %-16s %-30s %-9s %-11s %-12s %s%n", row[0], c.path("outcome").asText("-"),
                    c.path("disposition").asText("-"), c.path("reason").asText("-"),
                    c.path("duration").isNull() ? "-" : c.path("duration").asText() + " s",
                    c.path("ringSeconds").isNull() ? "-" : c.path("ringSeconds").asText() + "/" + c.path("talkSeconds").asText() + " s",
                    c.path("campaignId").asText("-"), c.path("recordingUrl").isNull() ? "-" : "yes");
        }
        out.println();
        out.println("Query the API yourself:");
        out.println("  curl -s -H 'Authorization: Bearer " + token + "' '" + base + "/calls?limit=10'");
        out.println("  curl -s -H 'Authorization: Bearer " + token + "' '" + base + "/calls/stats?groupBy=disposition'");
        out.println("Or open the dashboard (the token after # stays in your browser):");
        out.println("  " + base + "/dashboard/#token=" + token);
    }

    /** One room instance, one call: the call of {@code room}, as the API lists it. */
    private JsonNode call(String token, String room) throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/calls?room=" + room))
                .header("Authorization", "Bearer " + token).GET()).body()).path("items").path(0);
    }

    private String room(String phone) {
        return "sip-" + phone + "__" + runId + "__demo";
    }

    /** A fixture re-addressed to this call's room, phone and ids (the fixtures all describe one call). */
    private byte[] body(String fixture, String phone) throws IOException {
        String text;
        if (fixture.startsWith("{")) {
            text = fixture; // an event no fixture holds, written out above
        } else {
            try (InputStream in = DemoScenario.class.getResourceAsStream("/livekit/" + fixture + ".json")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        String json = text
                .replace("sip-7678189426__1730000000__abc", room(phone))
                .replace("call-_+14155550188_fxQz", room(phone))
                .replace("RM_fxT5hQk2Lm9P", "RM_" + phone + runId)
                .replace("RM_fxInbound0001", "RM_" + phone + runId)
                .replace("7678189426", phone)
                .replace("4155550188", phone)
                .replace("\"id\":\"EV_fx", "\"id\":\"EV_" + phone + runId + "_")
                .replace("tenant-fixture", settings.defaultTenant());
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode webhook(byte[] body) throws IOException, InterruptedException {
        String auth = WebhookSigner.liveKitToken(settings.liveKitApiKey(), settings.liveKitApiSecret(), body,
                Clock.systemUTC(), Duration.ofMinutes(5));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed"))
                .header("Content-Type", "application/webhook+json").header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
