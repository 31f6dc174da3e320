package dev.calloutcomes.webhook;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static dev.calloutcomes.testing.Fixtures.HMAC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

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
}
