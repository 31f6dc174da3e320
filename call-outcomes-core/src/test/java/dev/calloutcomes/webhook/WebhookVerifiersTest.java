package dev.calloutcomes.webhook;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static dev.calloutcomes.testing.Fixtures.HMAC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifiersTest {
    private final WebhookVerifier both = WebhookVerifiers.anyOf(List.of(
            LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build(),
            HmacSignatureVerifier.builder().secret(HMAC_SECRET).build()));

    @Test
    void failsClosedWithNoScheme() {
        assertThat(WebhookVerifiers.anyOf(List.of()).verify(Fixtures.request("room_started")).reason())
                .isEqualTo(RejectionReason.NO_VERIFIER_CONFIGURED);
    }

    @Test
    void acceptsARequestThatPassesAnyScheme() {
        String name = "seed_example_participant_left";
        assertThat(both.verify(Fixtures.request("room_started")).scheme()).isEqualTo("livekit-jwt");
        assertThat(both.verify(WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature", Fixtures.hmacSignature(name)),
                Fixtures.body(name))).scheme()).isEqualTo("hmac");
    }

    @Test
    void reportsTheRelevantSchemesRejection() {
        String name = "seed_example_participant_left";
        Verification v = both.verify(WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature", "0".repeat(64)), Fixtures.body(name)));
        assertThat(v.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(v.scheme()).isEqualTo("hmac");
        assertThat(both.verify(WebhookRequest.ofSingle(Map.of(), Fixtures.body(name))).reason()).isEqualTo(RejectionReason.MISSING_HEADER);
    }

    @Test
    void insecureModeIsExplicitAndAcceptsAnything() {
        WebhookVerifier insecure = WebhookVerifiers.insecureAcceptEverythingWithoutVerification();
        assertThat(insecure.verify(WebhookRequest.ofSingle(Map.of(), new byte[0])).accepted()).isTrue();
        assertThat(insecure.toString()).contains("INSECURE");
    }

    @Test
    void screeningJudgesHeadersAloneAndPassesEveryRequestThatVerificationWouldAccept() {
        WebhookRequest authentic = Fixtures.request("room_started");
        WebhookRequest headersOnly = WebhookRequest.of(Map.of("Authorization", List.of(Fixtures.authorization("room_started"))),
                new byte[0]);
        assertThat(both.screen(headersOnly).accepted()).as("a valid token whatever the body").isTrue();
        assertThat(both.verify(headersOnly).reason()).isEqualTo(RejectionReason.BODY_HASH_MISMATCH);
        assertThat(both.screen(authentic).accepted()).isTrue();

        String forged = WebhookSigner.liveKitToken(API_KEY, "not-the-secret-0123456789abcdef0123", new byte[0], CLOCK,
                java.time.Duration.ofMinutes(5));
        assertThat(both.screen(WebhookRequest.ofSingle(Map.of("Authorization", forged), new byte[0])).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(both.screen(WebhookRequest.ofSingle(Map.of("Authorization", "not a jwt"), new byte[0])).reason())
                .isEqualTo(RejectionReason.MALFORMED);
        assertThat(both.screen(WebhookRequest.ofSingle(Map.of(), new byte[0])).reason()).isEqualTo(RejectionReason.MISSING_HEADER);
        assertThat(both.screen(WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature", "0".repeat(64)), new byte[0])).accepted())
                .as("an HMAC covers the body: a well-formed header passes screening").isTrue();
        assertThat(both.screen(WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature", "xyz"), new byte[0])).reason())
                .isEqualTo(RejectionReason.MALFORMED);
        assertThat(WebhookVerifiers.failClosed().screen(authentic).reason()).isEqualTo(RejectionReason.NO_VERIFIER_CONFIGURED);
        assertThat(WebhookVerifiers.insecureAcceptEverythingWithoutVerification().screen(headersOnly).accepted()).isTrue();

        StandardWebhooksVerifier standard = StandardWebhooksVerifier.builder().secret("whsec_" + java.util.Base64.getEncoder()
                .encodeToString("standard-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8))).clock(CLOCK).build();
        long now = CLOCK.millis() / 1000;
        assertThat(standard.screen(WebhookRequest.ofSingle(Map.of("webhook-id", "m1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", "v1,AAAA"), new byte[0])).accepted()).isTrue();
        assertThat(standard.screen(WebhookRequest.ofSingle(Map.of("webhook-id", "m1", "webhook-timestamp", Long.toString(now - 3600),
                "webhook-signature", "v1,AAAA"), new byte[0])).reason()).isEqualTo(RejectionReason.EXPIRED);
    }
}
