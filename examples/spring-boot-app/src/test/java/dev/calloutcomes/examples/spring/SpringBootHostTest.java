package dev.calloutcomes.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.testing.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The host app as its users run it: Spring Boot's own dependency versions (Jackson 2 and 3, HikariCP, Micrometer),
 * on Boot 4 here and on Boot 3.5 in examples/spring-boot3-app, which runs these tests too;
 * Tomcat on a random port, PostgreSQL (a fresh schema), Spring Security with the host's chain, Actuator and
 * Prometheus, the host's own Liquibase changelog. LiveKit-signed webhooks in, outcomes out, per tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "example.password=s3cret-for-tests"})
class SpringBootHostTest extends OnFreshPostgres {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fixtures were signed by LiveKit's SDK at the fixtures' instant. */
    @TestConfiguration
    static class FixtureClock {
        @Bean
        Clock clock() {
            return Fixtures.CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    DataSource dataSource;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void receivesLiveKitWebhooksThroughSpringSecurityAndServesEachTenantItsOutcomes() throws Exception {
        for (String fixture : List.of("room_started", "participant_joined_sip_dialing", "participant_left_busy")) {
            HttpResponse<String> answer = webhook(Fixtures.body(fixture), Fixtures.authorization(fixture));
            assertThat(answer.statusCode()).as(fixture + ": " + answer.body()).isEqualTo(200);
        }
        JsonNode acme = json(get("/api/calls", "acme"));
        assertThat(acme.get("items")).hasSize(1);
        JsonNode call = acme.get("items").get(0);
        assertThat(call.get("outcome").asText()).isEqualTo("busy");
        assertThat(call.get("userId").asText()).isEqualTo("acme");
        String id = call.get("id").asText();
        assertThat(get("/api/calls/" + id + "/outcome", "acme").statusCode()).isEqualTo(200);

        // Another tenant sees nothing of it; a caller without credentials gets the host's 401, not a login page.
        assertThat(json(get("/api/calls", "globex")).get("items")).isEmpty();
        assertThat(get("/api/calls/" + id + "/outcome", "globex").statusCode()).isEqualTo(404);
        assertThat(get("/api/calls", null).statusCode()).isEqualTo(401);

        // The dashboard: the host's login, the principal's calls.
        HttpResponse<String> page = get("/api/dashboard/", "acme");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("echarts.min.js");
        assertThat(get("/api/dashboard/echarts.min.js", "acme").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/dashboard/api/calls/stats?groupBy=outcome&from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "acme")).at("/groups/0/calls").asInt())
                .isEqualTo(1);
        assertThat(json(get("/api/dashboard/api/calls", "globex")).get("items")).isEmpty();
        assertThat(get("/api/dashboard/", null).statusCode()).isEqualTo(401);

        // A forged webhook is ours to refuse: 401 from the webhook servlet, with nothing stored.
        byte[] body = Fixtures.body("participant_left_no_answer");
        assertThat(webhook(body, Fixtures.authorization("participant_left_busy")).statusCode()).isEqualTo(401);
        assertThat(json(get("/api/calls", "acme")).get("items")).hasSize(1);
    }

    @Test
    void theApiTakesTheHostsCredentialsForWritesToo() throws Exception {
        // The host's CSRF protection covers the API: a write that carries the credentials alone (a cross-site form
        // posted by a browser that holds them) is refused; with the token the host's pages read, it is taken.
        String body = "{\"roomName\":\"globex-room-1\",\"campaignId\":\"spring\"}";
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/calls"))
                .header("Authorization", basic("globex")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        // Spring Security refuses it before Basic authentication runs: 401 (its entry point), not the API's 201.
        assertThat(forged.statusCode()).as("without a CSRF token").isIn(401, 403);
        assertThat(json(get("/api/calls?campaign=spring", "globex")).get("items")).as("nothing registered").isEmpty();
        String csrf = get("/api/calls", "globex").headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/calls"))
                .header("Authorization", basic("globex")).header("Content-Type", "application/json")
                .header("Cookie", "XSRF-TOKEN=" + csrf).header("X-XSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(json(registered).get("userId").asText()).isEqualTo("globex");
        assertThat(json(get("/api/calls?campaign=spring", "acme")).get("items")).isEmpty();
    }

    @Test
    void healthMetricsAndTheHostsOwnChangelogWorkBeside() throws Exception {
        assertThat(webhook(Fixtures.body("participant_left_busy"), Fixtures.authorization("participant_left_busy")).statusCode())
                .isEqualTo(200);
        JsonNode health = json(http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(health.at("/components/callOutcomes/status").asText()).isEqualTo("UP");
        JsonNode ours = json(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/webhooks/call_completed/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(ours.get("status").asText()).isEqualTo("UP");
        assertThat(ours.get("livekit_keys_configured").asBoolean()).isTrue();
        assertThat(ours.get("webhook_secret_configured").asBoolean()).isFalse();

        // Our meters on the context's registry; scraped as Prometheus text on Boot 4 (Boot 3.5's tests turn export off).
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.find("calloutcomes.webhook.events").tag("status", "processed").counter()).isNotNull();
        assertThat(registry.find("calloutcomes.calls.outcomes").tag("outcome", "busy").counter()).isNotNull();
        if (SpringBootVersion.getVersion().startsWith("4.")) {
            HttpResponse<String> scrape = get("/actuator/prometheus", "acme");
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
            assertThat(scrape.body()).contains("calloutcomes_webhook_events_total{", "calloutcomes_webhook_processing_seconds_count",
                    "calloutcomes_calls_outcomes_total{", "calloutcomes_webhook_idempotency_hits_total");
        }

        // Spring Boot's Liquibase ran the host's changelog after ours: its view reads our table.
        Long calls = new JdbcTemplate(dataSource).queryForObject("SELECT SUM(calls) FROM host_calls_per_campaign", Long.class);
        assertThat(calls).isPositive();
        // Boot 4: Jackson 3 (Boot's) and Jackson 2 (ours) side by side, with nothing from the host.
        if (SpringBootVersion.getVersion().startsWith("4.")) {
            assertThat(context.getBeanNamesForType(Class.forName("tools.jackson.databind.json.JsonMapper"))).isNotEmpty();
        }
        assertThat(context.getBean(CallOutcomes.class).verificationSchemes()).containsExactly("livekit-jwt");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> webhook(byte[] body, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/webhooks/call_completed"))
                .header("Content-Type", "application/webhook+json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":s3cret-for-tests").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
