package dev.calloutcomes.servlet;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.testing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an unauthenticated sender can do to the webhook endpoint, over real HTTP on 127.0.0.1: trickle
 * bodies, spend an address's budget, probe which API keys exist, slip past the content type. Every
 * test is bounded in connections and time.
 */
class WebhookAbuseOverHttpTest {
    final Clock clock = Fixtures.CLOCK;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<RejectionReason> rejections = new CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void release() throws IOException {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private WebhookServlet.Builder servlet() {
        return WebhookServlet.builder(CallOutcomes.builder().store(OutcomeStore.inMemory(clock)).clock(clock).defaultTenant("acme")
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(clock).build()).build())
                .metrics(new WebhookMetrics() {
                    @Override
                    public void webhook(String status, Duration processing) {
                    }

                    @Override
                    public void rejected(RejectionReason reason) {
                        rejections.add(reason);
                    }
                });
    }

    @Test
    void slowBodiesHoldNoThreadAndAreCutOffAtTheDeadline() throws Exception {
        // 12 threads, selector and acceptor included; 60 trickling connections would need 60 with blocking reads.
        try (JettyFixture jetty = new JettyFixture(Map.of("/webhooks/call_completed/*",
                servlet().bodyTimeout(Duration.ofSeconds(2)).build()), 12)) {
            String token = Fixtures.authorization("room_started");   // authentic headers: screening lets them through
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                slow.add(openPost(jetty, "Authorization: " + token + "\r\n", 100_000));
            }
            List<Socket> unauthenticated = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                unauthenticated.add(openPost(jetty, "", 100_000));
            }
            long start = System.nanoTime();
            for (int round = 0; round < 4; round++) {
                for (Socket socket : slow) {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                }
                if (round == 1) {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/webhooks/call_completed/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).as("health while 60 connections trickle").isEqualTo(200);
                    HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/webhooks/call_completed"))
                            .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/webhook+json")
                            .header("Authorization", Fixtures.authorization("participant_left_busy"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.body("participant_left_busy"))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(signed.statusCode()).as("an authentic webhook while 60 connections trickle").isEqualTo(200);
                }
                Thread.sleep(250);
            }
            for (Socket socket : unauthenticated) {
                assertThat(statusLine(socket)).as("answered without its body being read").startsWith("HTTP/1.1 401");
            }
            for (Socket socket : slow) {
                assertThat(statusLine(socket)).as("cut off at the deadline").startsWith("HTTP/1.1 408");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the deadline, not the trickle, ended them")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void anAuthenticWebhookIsNeverThrottledWhateverItsAddressSent() throws Exception {
        try (JettyFixture jetty = new JettyFixture(Map.of("/webhooks/call_completed/*", servlet().build()))) {
            int unauthorized = 0;
            int throttled = 0;
            int sent = 200;
            for (int i = 0; i < sent; i++) {
                int status = post(jetty, Fixtures.body("room_started"), "forged-" + i, "application/json").statusCode();
                unauthorized += status == 401 ? 1 : 0;
                throttled += status == 429 ? 1 : 0;
            }
            assertThat(unauthorized).as("the default budget: bursts of 100, 20 more a second").isBetween(100, 199);
            assertThat(throttled).isEqualTo(sent - unauthorized);
            HttpResponse<String> authentic = post(jetty, Fixtures.body("participant_left_busy"),
                    Fixtures.authorization("participant_left_busy"), "application/webhook+json");
            assertThat(authentic.statusCode()).as("LiveKit from the same (shared) address").isEqualTo(200);
            long warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("rejected")).count();
            assertThat(warnings).as("a warning per 401, none per 429").isEqualTo(unauthorized);
        }
    }

    @Test
    void a401SaysOnlyThatVerificationFailedAndTheLogAndMetricsSayWhy() throws Exception {
        try (JettyFixture jetty = new JettyFixture(Map.of("/webhooks/call_completed/*", servlet().build()))) {
            byte[] body = Fixtures.body("room_started");
            Clock expired = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
            List<String> tokens = List.of(
                    WebhookSigner.liveKitToken("APIunknownKey", API_SECRET, body, clock, Duration.ofMinutes(5)),
                    WebhookSigner.liveKitToken(API_KEY, "another-secret-0123456789abcdef012345", body, clock, Duration.ofMinutes(5)),
                    WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, expired, Duration.ofMinutes(5)),
                    WebhookSigner.liveKitToken(API_KEY, API_SECRET, Fixtures.body("participant_left_busy"), clock, Duration.ofMinutes(5)));
            List<String> bodies = new ArrayList<>();
            for (String token : tokens) {
                HttpResponse<String> response = post(jetty, body, token, "application/json");
                assertThat(response.statusCode()).isEqualTo(401);
                bodies.add(response.body());
            }
            assertThat(bodies).as("one answer whatever the reason").containsOnly(bodies.get(0));
            assertThat(bodies.get(0)).contains("webhook verification failed").doesNotContainIgnoringCase("key")
                    .doesNotContainIgnoringCase("signature");
            assertThat(rejections).containsExactly(RejectionReason.UNKNOWN_KEY, RejectionReason.BAD_SIGNATURE,
                    RejectionReason.EXPIRED, RejectionReason.BODY_HASH_MISMATCH);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("UNKNOWN_KEY"))
                    .anySatisfy(m -> assertThat(m).contains("BAD_SIGNATURE"))
                    .anySatisfy(m -> assertThat(m).contains("BODY_HASH_MISMATCH"));
        }
    }

    @Test
    void contentTypesAreComparedExactly() throws Exception {
        try (JettyFixture jetty = new JettyFixture(Map.of("/webhooks/call_completed/*", servlet().build()))) {
            String token = Fixtures.authorization("room_started");
            byte[] body = Fixtures.body("room_started");
            for (String wrong : List.of("application/jsonx", "application/json-patch+json", "application/webhook+jsonp", "text/json")) {
                assertThat(post(jetty, body, token, wrong).statusCode()).as(wrong).isEqualTo(415);
            }
            assertThat(post(jetty, body, token, "Application/Webhook+JSON; charset=utf-8").statusCode()).isEqualTo(200);
            assertThat(post(jetty, body, token, "application/json;charset=UTF-8").statusCode()).as("a duplicate now").isEqualTo(200);
        }
    }

    private HttpResponse<String> post(JettyFixture jetty, byte[] body, String authorization, String contentType)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/webhooks/call_completed")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A connection that has sent a webhook's headers declaring {@code length} bytes, and no body yet. */
    private Socket openPost(JettyFixture jetty, String extraHeaders, int length) throws IOException {
        URI uri = URI.create(jetty.base);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/webhooks/call_completed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/webhook+json\r\n"
                + extraHeaders + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
