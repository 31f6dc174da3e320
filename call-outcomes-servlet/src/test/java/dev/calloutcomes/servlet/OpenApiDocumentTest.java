package dev.calloutcomes.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calloutcomes.testing.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped OpenAPI document says what the servlets really do: same routes, same field names. */
class OpenApiDocumentTest extends HttpTestBase {

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/dev/calloutcomes/servlet/openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private static Set<String> properties(JsonNode doc, String schema) {
        Set<String> names = new TreeSet<>();
        doc.path("components").path("schemas").path(schema).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void documentsExactlyTheRoutesTheServletsServe() throws Exception {
        List<String> documented = new ArrayList<>();
        document().path("paths").fields().forEachRemaining(p ->
                p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        assertThat(documented).containsExactlyInAnyOrder("POST /webhooks/call_completed", "GET /webhooks/call_completed/health",
                "GET /calls", "POST /calls", "GET /calls/stats", "GET /calls/{id}/outcome", "POST /calls/{id}/facts",
                "POST /admin/reprocess", "POST /admin/retry-failed", "POST /admin/sweep");
        for (String route : documented) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{id}", "some-id");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody()).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + dev.calloutcomes.testing.WebhookSigner.tenantToken(API_JWT_SECRET, "t",
                            Fixtures.CLOCK, java.time.Duration.ofHours(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(route + " is mounted").isNotEqualTo(404 == r.statusCode() && !r.body().contains("detail") ? 404 : -1);
            assertThat(r.body()).as(route + " is routed").doesNotContain("is not part of the call API").doesNotContain("GET /health, or POST")
                    .doesNotContain("POST /reprocess, /retry-failed or /sweep");
        }
    }

    @Test
    void documentsTheFieldsTheServletsWrite() throws Exception {
        JsonNode doc = document();
        JsonNode registered = json(api("POST", "/calls", "acme", "{\"roomName\":\"" + Fixtures.ROOM_NAME + "\"}"));
        assertThat(fields(registered)).isEqualTo(properties(doc, "Call"));
        JsonNode result = json(fixture("participant_left_busy"));
        assertThat(fields(result)).isEqualTo(properties(doc, "WebhookResult"));
        JsonNode page = json(api("GET", "/calls", "acme", null));
        assertThat(fields(page)).isEqualTo(properties(doc, "CallPage"));
        JsonNode stats = json(api("GET", "/calls/stats?from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z", "acme", null));
        assertThat(fields(stats)).isEqualTo(properties(doc, "Stats"));
        assertThat(fields(stats.get("groups").get(0))).isEqualTo(fields(doc.at("/components/schemas/Stats/properties/groups/items/properties")));
        JsonNode problem = json(api("GET", "/calls?limit=x", "acme", null));
        assertThat(fields(problem)).isEqualTo(properties(doc, "Problem"));
        JsonNode health = json(http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(fields(health)).isEqualTo(properties(doc, "Health"));
    }
}
