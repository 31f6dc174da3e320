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
import dev.calloutcomes.testing.FlakyStore;
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

/** The servlets in a real Jetty on an ephemeral port, and helpers to talk to them over real HTTP. */
abstract class HttpTestBase {
    static final String API_JWT_SECRET = "api-jwt-secret-0123456789abcdef0123456789";
    static final String OPERATOR_SECRET = "operator-secret-0123456789abcdef0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    final Clock clock = Fixtures.CLOCK;
    final HttpClient http = HttpClient.newHttpClient();
    final FlakyStore store = new FlakyStore(OutcomeStore.inMemory(clock));
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    JettyFixture jetty;
    String base;
    CallOutcomes outcomes;

    @BeforeEach
    void start() throws Exception {
        outcomes = CallOutcomes.builder().store(store).clock(clock)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(clock).build()).build();
        jetty = new JettyFixture(Map.of(
                "/webhooks/call_completed/*", WebhookServlet.builder(outcomes).maxBodyBytes(64 * 1024)
                        .rateLimit(RateLimit.of(1000, 1000)).build(),
                "/calls/*", CallsServlet.of(outcomes, tokens(), RateLimit.of(1000, 1000), clock),
                "/admin/*", AdminServlet.of(outcomes.maintenance(), TenantAuthenticators.bearerToken(
                        TenantTokenVerifier.builder().secret(OPERATOR_SECRET).clock(clock).build()))));
        base = jetty.base;
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    /** API tokens signed with {@link #API_JWT_SECRET}. */
    TenantAuthenticator tokens() {
        return TenantAuthenticators.bearerToken(TenantTokenVerifier.builder().secret(API_JWT_SECRET).clock(clock).build());
    }

    String token(String tenant) {
        return WebhookSigner.tenantToken(API_JWT_SECRET, tenant, clock, Duration.ofHours(1));
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        jetty.close();
    }

    HttpResponse<String> webhook(byte[] body, String authorization, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> fixture(String name) throws IOException, InterruptedException {
        return webhook(Fixtures.body(name), Fixtures.authorization(name), "application/webhook+json");
    }

    HttpResponse<String> signed(String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return webhook(body, WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, clock, Duration.ofMinutes(5)), "application/json");
    }

    HttpResponse<String> api(String method, String path, String tenant, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            b.header("Authorization", "Bearer " + token(tenant));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

}
