package dev.calloutcomes.webhook;

import static dev.calloutcomes.testing.Fixtures.HMAC_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.testing.Fixtures;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSignatureVerifierTest {
    private final HmacSignatureVerifier verifier = HmacSignatureVerifier.builder().secret(HMAC_SECRET).build();

    private static WebhookRequest signed(String signature, byte[] body) {
        return WebhookRequest.ofSingle(Map.of("x-livekit-signature", signature), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed_example_participant_left", "room_started", "participant_left_answered_95s", "egress_ended_recording"})
    void acceptsFixtureSignatures(String name) {
        assertThat(verifier.verify(signed(Fixtures.hmacSignature(name), Fixtures.body(name))).accepted()).isTrue();
    }

    @Test
    void acceptsUpperCaseHexBase64AndPrefix() {
        String name = "seed_example_participant_left";
        byte[] body = Fixtures.body(name);
        String hex = Fixtures.hmacSignature(name);
        String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        assertThat(verifier.verify(signed(hex.toUpperCase(), body)).accepted()).isTrue();
        assertThat(verifier.verify(signed(b64, body)).accepted()).isTrue();
        assertThat(verifier.verify(signed("sha256=" + hex, body)).accepted()).isTrue();
        assertThat(verifier.verify(signed("sha256=" + b64, body)).accepted()).isTrue();
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        HmacSignatureVerifier rotating = HmacSignatureVerifier.builder().secret("new-secret").secret(HMAC_SECRET).build();
        String name = "seed_example_participant_left";
        assertThat(rotating.verify(signed(Fixtures.hmacSignature(name), Fixtures.body(name))).accepted()).isTrue();
        byte[] body = Fixtures.body(name);
        assertThat(rotating.verify(signed(WebhookSigner.hmacHex("new-secret", body), body)).accepted()).isTrue();
    }

    @Test
    void rejectsTamperedBodyWrongSecretMissingAndMalformedHeaders() {
        String name = "seed_example_participant_left";
        String sig = Fixtures.hmacSignature(name);
        byte[] tampered = (new String(Fixtures.body(name)) + "\n").getBytes();
        assertThat(verifier.verify(signed(sig, tampered)).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(HmacSignatureVerifier.builder().secret("other").build().verify(signed(sig, Fixtures.body(name))).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(verifier.verify(WebhookRequest.ofSingle(Map.of(), Fixtures.body(name))).reason()).isEqualTo(RejectionReason.MISSING_HEADER);
        assertThat(verifier.verify(signed("zz" + sig.substring(2), Fixtures.body(name))).reason()).isEqualTo(RejectionReason.MALFORMED);
        assertThat(verifier.verify(signed(sig.substring(0, 40), Fixtures.body(name))).reason()).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void toStringHidesSecrets() {
        assertThat(verifier.toString()).doesNotContain(HMAC_SECRET);
    }
}
