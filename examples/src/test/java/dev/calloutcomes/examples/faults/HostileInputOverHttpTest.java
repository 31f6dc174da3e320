package dev.calloutcomes.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.examples.DemoServer;
import dev.calloutcomes.examples.DemoSettingsAccess;
import dev.calloutcomes.jdbc.TestDatabases;
import dev.calloutcomes.testing.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault 4 over HTTP: hostile bodies (all correctly signed, so they pass verification) get a 4xx or a
 * correct record holding the exact strings, and hostile query parameters a 4xx; never a 5xx. Runs on
 * every database.
 */
class HostileInputOverHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] NAMES = {"sip-1'; DROP TABLE call_logs; --", "room \"quoted\" \\ back\\slash", "会议室-😀-é-ß-Ω",
            "room%00null-ish", "<script>alert(1)</script>", "' OR '1'='1", "ro\u200bom-zero-width"};

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void hostileBodiesGetA4xxOrAnExactRecordNeverA5xx(TestDatabases db) throws Exception {
        db.assumeReachable();
        try (DemoServer server = DemoServer.start(DemoSettingsAccess.serve(db.freshUrl(), false))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.baseUrl();
            List<byte[]> hostile = new ArrayList<>();
            String valid = "{\"event\":\"room_started\",\"id\":\"EV_h\",\"createdAt\":\"1761741250\",\"room\":{\"sid\":\"RM_h\",\"name\":\"r\"}}";
            for (int cut = 1; cut < valid.length(); cut += 7) {
                hostile.add(valid.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            }
            hostile.add(("{\"event\":\"room_started\",\"id\":\"deep\",\"room\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            hostile.add(("{\"event\":\"room_started\",\"id\":\"huge\",\"room\":{\"name\":\"" + "x".repeat(500_000) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            hostile.add(("{\"event\":\"room_started\",\"id\":\"" + "i".repeat(300) + "\",\"room\":{\"name\":\"r\"}}").getBytes(StandardCharsets.UTF_8));
            hostile.add(new byte[] {'{', '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
            hostile.add("{\"event\":\"room_started\",\"id\":\"bad\u0000nul\",\"room\":{\"name\":\"r\u0000\"}}".getBytes(StandardCharsets.UTF_8));
            hostile.add("{\"event\":\"room_started\",\"id\":\"escaped\\u0000nul\",\"room\":{\"name\":\"r\"}}".getBytes(StandardCharsets.UTF_8));
            hostile.add("{\"event\":\"room_started\",\"id\":\"nul-in-metadata\",\"room\":{\"name\":\"r-meta\",\"metadata\":\"{\\\"campaignId\\\":\\\"c\\\\u0000\\\"}\"}}"
                    .getBytes(StandardCharsets.UTF_8));
            // Implausible times: before 2000, from 2100 on, overflowing.
            for (String time : List.of("1", "-5", "4102444800", "9223372036854775807", "1999-12-31T23:59:59Z")) {
                hostile.add(("{\"event\":\"participant_left\",\"id\":\"t-" + time + "\",\"createdAt\":\"1761741346\",\"room\":{\"name\":\"r\"},"
                        + "\"participant\":{\"identity\":\"sip_1\",\"kind\":\"SIP\",\"joinedAt\":\"" + time + "\"}}").getBytes(StandardCharsets.UTF_8));
            }
            for (String wrong : List.of("{\"event\":1,\"id\":\"w1\"}", "{\"event\":\"room_started\",\"id\":[\"w2\"]}",
                    "{\"event\":\"room_started\",\"id\":\"w3\",\"room\":\"r\"}", "{\"event\":\"room_started\",\"id\":\"w4\",\"createdAt\":{}}",
                    "{\"event\":\"participant_left\",\"id\":\"w5\",\"room\":{\"name\":\"r\"},\"participant\":{\"attributes\":[1]}}",
                    "{\"event\":\"egress_ended\",\"id\":\"w6\",\"egressInfo\":{\"roomName\":\"r\",\"fileResults\":[1]}}",
                    "null", "[]", "\"event\"", "{}", "")) {
                hostile.add(wrong.getBytes(StandardCharsets.UTF_8));
            }
            int fourXx = 0;
            for (byte[] body : hostile) {
                int status = post(http, base, body);
                assertThat(status).as(new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8)).isBetween(200, 499);
                fourXx += status >= 400 ? 1 : 0;
            }
            assertThat(fourXx).isGreaterThan(hostile.size() / 2);

            String token = WebhookSigner.tenantToken("demo-api-jwt-secret-change-me-0123456789", "acme", Clock.systemUTC(), Duration.ofHours(1));
            for (int i = 0; i < NAMES.length; i++) {
                String name = NAMES[i];
                String identity = "sip_" + name;
                String escapedName = JSON.writeValueAsString(name);
                String body = "{\"event\":\"participant_left\",\"id\":\"EV_name_" + i + "\",\"createdAt\":\"1761741346\",\"room\":{\"sid\":\"RM_n"
                        + i + "\",\"name\":" + escapedName + "},\"participant\":{\"sid\":\"PA_n\",\"identity\":" + JSON.writeValueAsString(identity)
                        + ",\"kind\":\"SIP\",\"joinedAt\":\"1761741251\",\"disconnectReason\":\"CLIENT_INITIATED\",\"attributes\":{\"sip.callID\":"
                        + JSON.writeValueAsString("SCL_" + name) + "}}}";
                assertThat(post(http, base, body.getBytes(StandardCharsets.UTF_8))).as(name).isEqualTo(200);
                HttpResponse<String> call = http.send(HttpRequest.newBuilder(URI.create(base + "/calls/" + CallRecord.idForInstance("RM_n" + i) + "/outcome"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(call.statusCode()).as(name).isEqualTo(200);
                JsonNode record = JSON.readTree(call.body());
                assertThat(record.get("roomName").asText()).isEqualTo(name);
                assertThat(record.get("sipCallId").asText()).isEqualTo("SCL_" + name);
                assertThat(record.get("outcome").asText()).isEqualTo("completed");
            }
            for (String query : List.of("cursor=OTIyMzM3MjAzNjg1NDc3NTgwNzp4", "room=a%00b", "campaign=%00", "phone=%1F", "direction=%7F",
                    "from=-1000000000-01-01T00:00:00Z", "to=%2B1000000000-01-01T00:00:00Z", "limit=99999999999", "outcome=%00",
                    "room=" + "x".repeat(300))) {
                for (String path : List.of("/calls?", "/calls/stats?")) {
                    int status = http.send(HttpRequest.newBuilder(URI.create(base + path + query)).header("Authorization", "Bearer " + token)
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertThat(status).as(path + query).isBetween(200, 499);
                }
            }
            JsonNode all = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/calls?limit=100"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(all.get("items").size()).as("call_logs survived the SQL fragments").isGreaterThanOrEqualTo(NAMES.length);
        }
    }

    private static int post(HttpClient http, String base, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed"))
                .header("Content-Type", "application/json")
                .header("Authorization", WebhookSigner.liveKitToken(Webhooks.API_KEY, Webhooks.API_SECRET, body, Clock.systemUTC(),
                        Duration.ofMinutes(5)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
