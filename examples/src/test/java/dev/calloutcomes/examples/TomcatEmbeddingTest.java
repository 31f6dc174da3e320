package dev.calloutcomes.examples;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.servlet.CallsServlet;
import dev.calloutcomes.servlet.TenantAuthenticators;
import dev.calloutcomes.servlet.WebhookServlet;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/** The README's plain Tomcat 10.1 embedding, as written there: webhooks in, the tenant's outcome out. */
class TomcatEmbeddingTest {
    private static final String API_JWT_SECRET = "api-jwt-secret-0123456789abcdef0123456789";

    @Test
    void servesWebhooksAndTheCallApiOnTomcat101() throws Exception {
        CallOutcomes outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory(Fixtures.CLOCK)).clock(Fixtures.CLOCK)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(Fixtures.CLOCK).build())
                .defaultTenant("acme").build();
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(0);
        Context ctx = tomcat.addContext("/api", base.getAbsolutePath());
        Wrapper webhooks = Tomcat.addServlet(ctx, "webhooks", WebhookServlet.builder(outcomes).build());
        webhooks.setAsyncSupported(true);
        ctx.addServletMappingDecoded("/webhooks/call_completed/*", "webhooks");
        Tomcat.addServlet(ctx, "calls", CallsServlet.of(outcomes, TenantAuthenticators.bearerToken(
                TenantTokenVerifier.builder().secret(API_JWT_SECRET).clock(Fixtures.CLOCK).build())));
        ctx.addServletMappingDecoded("/calls/*", "calls");
        tomcat.getConnector();
        tomcat.start();
        try {
            String root = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/api";
            assertThat(org.apache.catalina.util.ServerInfo.getServerNumber()).startsWith("10.1.");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create(root + "/webhooks/call_completed"))
                    .header("Content-Type", "application/webhook+json")
                    .header("Authorization", Fixtures.authorization("participant_left_busy"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.body("participant_left_busy"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
            String token = WebhookSigner.tenantToken(API_JWT_SECRET, "acme", Fixtures.CLOCK, Duration.ofHours(1));
            HttpResponse<String> calls = http.send(HttpRequest.newBuilder(URI.create(root + "/calls?outcome=busy"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(calls.statusCode()).isEqualTo(200);
            assertThat(calls.body()).contains("\"outcome\":\"busy\"", "\"userId\":\"acme\"");
            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(root + "/webhooks/call_completed"))
                    .header("Content-Type", "application/webhook+json").header("Authorization", "not-a-jwt")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.body("participant_left_busy"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
