package dev.calloutcomes.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksVerifierTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long NOW = 1_795_521_600L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final StandardWebhooksVerifier verifier = StandardWebhooksVerifier.builder().secret(SECRET).clock(clock).build();
    private final byte[] body = Fixtures.body("room_started");

    private WebhookRequest request(String id, long ts, String signature) {
        return WebhookRequest.ofSingle(Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", signature), body);
    }

    @Test
    void acceptsValidSignatureAmongSeveral() {
        String good = WebhookSigner.standardWebhooks(SECRET, "msg_1", NOW, body);
        assertThat(verifier.verify(request("msg_1", NOW, good)).accepted()).isTrue();
        assertThat(verifier.verify(request("msg_1", NOW, "v1,AAAA " + good)).accepted()).isTrue();
        assertThat(verifier.verify(request("msg_1", NOW, "v2,xyz " + good)).accepted()).isTrue();
    }

    @Test
    void acceptsRotatedSecret() {
        String oldSecret = "whsec_c2VjcmV0LW9uZS1vbGQ=";
        StandardWebhooksVerifier both = StandardWebhooksVerifier.builder().secret(SECRET).secret(oldSecret).clock(clock).build();
        assertThat(both.verify(request("m", NOW, WebhookSigner.standardWebhooks(oldSecret, "m", NOW, body))).accepted()).isTrue();
    }

    @Test
    void rejectsOutsideToleranceBothWays() {
        assertThat(verifier.verify(request("m", NOW - 301, WebhookSigner.standardWebhooks(SECRET, "m", NOW - 301, body))).reason())
                .isEqualTo(RejectionReason.EXPIRED);
        assertThat(verifier.verify(request("m", NOW + 301, WebhookSigner.standardWebhooks(SECRET, "m", NOW + 301, body))).reason())
                .isEqualTo(RejectionReason.NOT_YET_VALID);
        assertThat(verifier.verify(request("m", NOW - 299, WebhookSigner.standardWebhooks(SECRET, "m", NOW - 299, body))).accepted())
                .isTrue();
    }

    @Test
    void rejectsWrongIdWrongSecretAndMalformedHeaders() {
        String sig = WebhookSigner.standardWebhooks(SECRET, "m", NOW, body);
        assertThat(verifier.verify(request("other", NOW, sig)).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(verifier.verify(request("m", NOW, WebhookSigner.standardWebhooks("whsec_b3RoZXI=", "m", NOW, body))).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(verifier.verify(request("m", NOW, "garbage")).reason()).isEqualTo(RejectionReason.MALFORMED);
        assertThat(verifier.verify(WebhookRequest.ofSingle(Map.of("webhook-id", "m", "webhook-timestamp", "x",
                "webhook-signature", sig), body)).reason()).isEqualTo(RejectionReason.MALFORMED);
        assertThat(verifier.verify(WebhookRequest.ofSingle(Map.of("webhook-id", "m"), body)).reason())
                .isEqualTo(RejectionReason.MISSING_HEADER);
    }

    @Test
    void builderRejectsNonBase64Secret() {
        assertThatThrownBy(() -> StandardWebhooksVerifier.builder().secret("whsec_***")).hasMessageContaining("secret")
                .hasMessageNotContaining("***");
    }
}
