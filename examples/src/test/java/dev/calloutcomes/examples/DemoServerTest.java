package dev.calloutcomes.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo the README starts with: it runs, and prints every outcome. */
class DemoServerTest {

    @org.junit.jupiter.params.ParameterizedTest(name = "async={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void demoPrintsEveryOutcomeAndACurlLine(boolean async) throws Exception {
        String url = "jdbc:h2:mem:demo" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        DemoSettings settings = DemoSettings.parse(async ? new String[] {"demo", "--once", "--port", "0", "--jdbc-url", url, "--async"}
                : new String[] {"demo", "--once", "--port", "0", "--jdbc-url", url}, Map.of());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DemoServer server = DemoServer.start(settings)) {
            new DemoScenario(server, settings, new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
            java.net.http.HttpResponse<String> dashboard = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/dashboard/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(dashboard.body()).contains("echarts.min.js");
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("POST /calls (register").contains("-> 201");
        assertThat(out).containsPattern("answered, 95 s\\s+completed\\s+answered\\s+duration_completed\\s+95 s\\s+-\\s+spring-promo\\s+yes");
        assertThat(out).containsPattern("busy\\s+busy\\s+rejected\\s+disconnect_user_rejected");
        assertThat(out).containsPattern("no answer\\s+no_answer\\s+no_answer\\s+no_answer_after_ringing");
        assertThat(out).containsPattern("trunk failure\\s+failed\\s+carrier_failure\\s+disconnect_failure");
        assertThat(out).containsPattern("voicemail\\s+voicemail\\s+voicemail\\s+voicemail_verdict");
        assertThat(out).containsPattern("out of order\\s+completed");
        assertThat(out).containsPattern("declined\\s+no_answer\\s+declined\\s+sip_declined");
        assertThat(out).containsPattern("never active\\s+failed\\s+unknown\\s+connection_aborted");
        assertThat(out).containsPattern("line dropped\\s+failed\\s+dropped\\s+line_dropped");
        assertThat(out).containsPattern("caller gave up\\s+no_answer\\s+canceled\\s+inbound_abandoned");
        assertThat(out).containsPattern("agent job ended\\s+completed\\s+answered\\s+duration_completed");
        assertThat(out).containsPattern("AMD voicemail\\s+voicemail\\s+voicemail\\s+amd_voicemail");
        assertThat(out).containsPattern("ring \\+ talk\\s+completed\\s+answered\\s+duration_completed\\s+95 s\\s+20/75 s");
        assertThat(out).contains("POST /calls/{id}/facts (declined: dial_result) -> 200");
        assertThat(out).contains("status duplicate").contains("curl -s -H 'Authorization: Bearer ")
                .containsPattern("/api/dashboard/#token=[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void settingsComeFromFlagsThenEnvironmentThenDefaults() {
        DemoSettings s = DemoSettings.parse(new String[] {"serve", "--port=9000"},
                Map.of("CALL_OUTCOMES_PORT", "7000", "LIVEKIT_API_KEY", "APIenv", "LIVEKIT_API_SECRET", "env-secret"));
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.liveKitApiKey()).isEqualTo("APIenv");
        assertThat(s.jdbcUrl()).startsWith("jdbc:h2:file:");
        assertThat(s.toString()).doesNotContain("env-secret");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"launch"}, Map.of())).hasMessageContaining("launch");
        assertThat(DemoSettings.parse(new String[] {"serve", "--api-jwt-secret", "s3cret-0123456789abcdef0123456789",
                "--jdbc-url", "jdbc:postgresql://db/x?user=u&password=pw"}, Map.of()).secretFlags())
                .as("secrets on the command line, which ps shows").containsExactly("api-jwt-secret", "jdbc-url");
        assertThat(DemoSettings.parse(new String[] {"serve"}, Map.of("CALL_OUTCOMES_API_JWT_SECRET", "s3cret-0123456789abcdef0123456789"))
                .secretFlags()).as("the environment is where secrets belong").isEmpty();
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"serve", "--port", "x"}, Map.of())).hasMessageContaining("--port");
    }

    @Test
    void anAcceptOnlyServerKeepsEventsPendingForWorkersElsewhere() throws Exception {
        String url = "jdbc:h2:mem:accept" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        DemoSettings acceptOnly = DemoSettings.parse(new String[] {"serve", "--port", "0", "--jdbc-url", url, "--async", "--workers", "0"},
                Map.of());
        DemoSettings withWorkers = DemoSettings.parse(new String[] {"serve", "--port", "0", "--jdbc-url", url, "--async"}, Map.of());
        try (DemoServer server = DemoServer.start(acceptOnly)) {
            assertThat(server.runsWorkers()).isFalse();
            assertThat(postSigned(server, acceptOnly)).isEqualTo(202);
            try (var store = dev.calloutcomes.jdbc.JdbcOutcomeStore.builder().jdbcUrl(url).build()) {
                assertThat(store.findEventsByStatus(dev.calloutcomes.store.EventStatus.PENDING, 10)).hasSize(1);
            }
        }
        try (DemoServer server = DemoServer.start(withWorkers)) {
            assertThat(server.runsWorkers()).isTrue();
            server.awaitProcessed(java.time.Duration.ofSeconds(30));
            try (var store = dev.calloutcomes.jdbc.JdbcOutcomeStore.builder().jdbcUrl(url).build()) {
                assertThat(store.findEventsByStatus(dev.calloutcomes.store.EventStatus.PENDING, 10)).isEmpty();
                assertThat(store.findEventsByStatus(dev.calloutcomes.store.EventStatus.PROCESSED, 10)).hasSize(1);
            }
        }
    }

    /** Posts the answered fixture, signed as LiveKit signs it; returns the status code. */
    private static int postSigned(DemoServer server, DemoSettings settings) throws Exception {
        byte[] body;
        try (java.io.InputStream in = DemoServerTest.class.getResourceAsStream("/livekit/participant_left_answered_95s.json")) {
            body = in.readAllBytes();
        }
        String auth = dev.calloutcomes.testing.WebhookSigner.liveKitToken(settings.liveKitApiKey(), settings.liveKitApiSecret(), body,
                java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/webhooks/call_completed"))
                .header("Content-Type", "application/webhook+json").header("Authorization", auth)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void throughputSettingsHaveDefaultsAndRejectNonsense() {
        DemoSettings defaults = DemoSettings.parse(new String[] {"serve"}, Map.of());
        assertThat(defaults.apiRateLimit()).isEqualTo(50);
        assertThat(defaults.groupCommit()).isZero(); // the library's default
        assertThat(defaults.workers()).isEqualTo(2);
        assertThat(DemoSettings.parse(new String[] {"serve", "--workers", "0"}, Map.of()).workers()).isZero();
        assertThat(defaults.yieldToIntake()).isZero();
        assertThat(DemoSettings.parse(new String[] {"serve", "--yield-to-intake", "30"}, Map.of()).yieldToIntake()).isEqualTo(30);
        assertThat(DemoSettings.parse(new String[] {"serve"}, Map.of("CALL_OUTCOMES_YIELD_TO_INTAKE", "5")).yieldToIntake()).isEqualTo(5);
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"serve", "--yield-to-intake", "-1"}, Map.of()))
                .hasMessageContaining("--yield-to-intake");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"serve"}, Map.of("CALL_OUTCOMES_WORKERS", "-1")))
                .hasMessageContaining("--workers");
        DemoSettings set = DemoSettings.parse(new String[] {"serve", "--api-rate-limit", "100000"},
                Map.of("CALL_OUTCOMES_GROUP_COMMIT", "1"));
        assertThat(set.apiRateLimit()).isEqualTo(100_000);
        assertThat(set.groupCommit()).isEqualTo(1);
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"serve", "--group-commit", "-1"}, Map.of()))
                .hasMessageContaining("--group-commit").hasMessageContaining("at least 0");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"serve", "--api-rate-limit", "many"}, Map.of()))
                .hasMessageContaining("--api-rate-limit");
    }
}
