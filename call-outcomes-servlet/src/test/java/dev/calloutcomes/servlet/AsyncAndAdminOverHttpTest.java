package dev.calloutcomes.servlet;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.worker.WorkerSettings;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.testing.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asynchronous mode answers 202 and workers apply the events; the admin endpoints need an operator. */
class AsyncAndAdminOverHttpTest {
    static final String JWT_SECRET = "api-jwt-secret-0123456789abcdef0123456789";
    static final String OPERATOR_SECRET = "operator-secret-0123456789abcdef0123456789";
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void acceptsThenAppliesAndServesOperators() throws Exception {
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).defaultTenant("acme").asynchronous(true)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(Fixtures.CLOCK).build()).build();
        TenantAuthenticator operators = TenantAuthenticators.bearerToken(TenantTokenVerifier.builder().secret(OPERATOR_SECRET).audience(TenantTokenVerifier.OPERATOR_AUDIENCE)
                .clock(Fixtures.CLOCK).build());
        try (JettyFixture jetty = new JettyFixture(Map.of(
                "/webhooks/call_completed/*", WebhookServlet.builder(outcomes).build(),
                "/admin/*", AdminServlet.of(outcomes.maintenance(), operators)))) {
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/webhooks/call_completed"))
                    .header("Content-Type", "application/webhook+json")
                    .header("Authorization", Fixtures.authorization("participant_left_busy"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.body("participant_left_busy"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(json.readTree(accepted.body()).get("status").asText()).isEqualTo("accepted");
            assertThat(outcomes.workers(WorkerSettings.ofDefaults()).drain()).isEqualTo(1);
            assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow().verdict().outcome().wireName()).isEqualTo("busy");

            String ops = "Bearer " + WebhookSigner.operatorToken(OPERATOR_SECRET, "ops", Fixtures.CLOCK, Duration.ofHours(1));
            String tenant = "Bearer " + WebhookSigner.tenantToken(JWT_SECRET, "acme", Fixtures.CLOCK, Duration.ofHours(1));
            String tenantNamedOps = "Bearer " + WebhookSigner.tenantToken(JWT_SECRET, "ops", Fixtures.CLOCK, Duration.ofHours(1));
            assertThat(admin(jetty, "/admin/sweep?olderThan=PT1H", tenant).statusCode()).isEqualTo(401);
            assertThat(admin(jetty, "/admin/sweep?olderThan=PT1H", tenantNamedOps).statusCode())
                    .as("a tenant token is never an operator's, whatever the tenant's name").isEqualTo(401);
            HttpResponse<String> sweep = admin(jetty, "/admin/sweep?olderThan=PT1H", ops);
            assertThat(sweep.statusCode()).isEqualTo(200);
            assertThat(json.readTree(sweep.body()).get("closedCalls").asInt()).isZero();
            HttpResponse<String> reprocess = admin(jetty,
                    "/admin/reprocess?tenant=acme&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", ops);
            assertThat(json.readTree(reprocess.body()).get("reprocessedCalls").asInt()).isZero();
            assertThat(json.readTree(admin(jetty, "/admin/retry-failed", ops).body()).get("requeuedEvents").asInt()).isZero();
            assertThat(admin(jetty, "/admin/reprocess?tenant=acme&from=soon", ops).statusCode()).isEqualTo(400);
            assertThat(admin(jetty, "/admin/sweep?olderThan=forever", ops).statusCode()).isEqualTo(400);
            for (String young : List.of("PT0S", "PT4M59S", "-PT1H")) {
                HttpResponse<String> refused = admin(jetty, "/admin/sweep?olderThan=" + young, ops);
                assertThat(refused.statusCode()).as(young).isEqualTo(400);
                assertThat(refused.body()).contains("at least PT5M");
            }
            assertThat(admin(jetty, "/admin/sweep?limit=0", ops).statusCode()).isEqualTo(400);
            assertThat(admin(jetty, "/admin/retry-failed?limit=many", ops).statusCode()).isEqualTo(400);
            assertThat(admin(jetty, "/admin/reprocess?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", ops).statusCode())
                    .as("no tenant").isEqualTo(400);
            assertThat(admin(jetty, "/admin/reprocess?tenant=acme&from=-1000000000-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", ops)
                    .statusCode()).isEqualTo(400);
            assertThat(admin(jetty, "/admin/reprocess?tenant=a%00b&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", ops)
                    .statusCode()).isEqualTo(400);
            assertThat(admin(jetty, "/admin/launch", ops).statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> admin(JettyFixture jetty, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(jetty.base + path)).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
