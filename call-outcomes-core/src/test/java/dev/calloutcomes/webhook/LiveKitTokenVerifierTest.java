package dev.calloutcomes.webhook;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.InvalidConfigurationException;
import dev.calloutcomes.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class LiveKitTokenVerifierTest {
    static final java.util.List<String> FIXTURES = Fixtures.JWT_SIGNED;
    private final LiveKitTokenVerifier verifier = LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build();

    private static WebhookRequest request(String authorization, byte[] body) {
        return WebhookRequest.ofSingle(Map.of("Authorization", authorization), body);
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void acceptsEveryFixtureMintedByLiveKitsSdk(String name) {
        Verification v = verifier.verify(Fixtures.request(name));
        assertThat(v.accepted()).as(v.detail()).isTrue();
        assertThat(v.keyId()).isEqualTo(API_KEY);
    }

    @Test
    void acceptsBearerPrefix() {
        String name = "participant_left_busy";
        assertThat(verifier.verify(request("Bearer " + Fixtures.authorization(name), Fixtures.body(name))).accepted()).isTrue();
    }

    @Test
    void rejectsTamperedBody() {
        String name = "participant_left_busy";
        byte[] body = new String(Fixtures.body(name), StandardCharsets.UTF_8).replace("USER_REJECTED", "CLIENT_INITIATED")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(request(Fixtures.authorization(name), body)).reason()).isEqualTo(RejectionReason.BODY_HASH_MISMATCH);
    }

    @Test
    void rejectsReserializedBodyWithOtherWhitespace() {
        String name = "room_started";
        byte[] body = (new String(Fixtures.body(name), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(request(Fixtures.authorization(name), body)).reason()).isEqualTo(RejectionReason.BODY_HASH_MISMATCH);
    }

    @Test
    void rejectsTokenSignedWithAnotherSecret() {
        LiveKitTokenVerifier other = LiveKitTokenVerifier.builder().key(API_KEY, "another-secret").clock(CLOCK).build();
        assertThat(other.verify(Fixtures.request("room_started")).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void rejectsUnknownApiKey() {
        LiveKitTokenVerifier other = LiveKitTokenVerifier.builder().key("APIother", API_SECRET).clock(CLOCK).build();
        assertThat(other.verify(Fixtures.request("room_started")).reason()).isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void selectsSecretByIssuerAmongSeveralKeys() {
        LiveKitTokenVerifier rotated = LiveKitTokenVerifier.builder().key("APIold", "old-secret").key(API_KEY, API_SECRET)
                .clock(CLOCK).build();
        assertThat(rotated.verify(Fixtures.request("room_started")).accepted()).isTrue();
        byte[] body = Fixtures.body("room_started");
        String oldToken = WebhookSigner.liveKitToken("APIold", "old-secret", body, CLOCK, Duration.ofMinutes(5));
        assertThat(rotated.verify(request(oldToken, body)).keyId()).isEqualTo("APIold");
    }

    @Test
    void namesTheTenantAKeyIsMappedToAndNoneForOtherKeys() {
        LiveKitTokenVerifier mapped = LiveKitTokenVerifier.builder().key("APIcarol", "carol-secret", "carol").key(API_KEY, API_SECRET)
                .clock(CLOCK).build();
        assertThat(mapped.verify(Fixtures.request("room_started")).tenantId()).isNull();
        byte[] body = Fixtures.body("room_started");
        Verification carols = mapped.verify(request(WebhookSigner.liveKitToken("APIcarol", "carol-secret", body, CLOCK,
                Duration.ofMinutes(5)), body));
        assertThat(carols.accepted()).isTrue();
        assertThat(carols.tenantId()).isEqualTo("carol");
        Verification forged = mapped.verify(request(WebhookSigner.liveKitToken("APIcarol", "not-carols-secret", body, CLOCK,
                Duration.ofMinutes(5)), body));
        assertThat(forged.accepted()).isFalse();
        assertThat(forged.tenantId()).isNull();
        assertThat(mapped.toString()).contains("carol").doesNotContain("carol-secret");
        // Adding the key again without a tenant unmaps it.
        LiveKitTokenVerifier unmapped = LiveKitTokenVerifier.builder().key("APIcarol", "carol-secret", "carol")
                .key("APIcarol", "carol-secret").clock(CLOCK).build();
        assertThat(unmapped.verify(request(WebhookSigner.liveKitToken("APIcarol", "carol-secret", body, CLOCK,
                Duration.ofMinutes(5)), body)).tenantId()).isNull();
        assertThatThrownBy(() -> LiveKitTokenVerifier.builder().key("APIx", "s", " "))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tenantId");
    }

    @Test
    void rejectsExpiredToken() {
        Clock later = Clock.fixed(Instant.ofEpochSecond(4949080953L + 61), ZoneOffset.UTC);
        LiveKitTokenVerifier v = LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(later).build();
        assertThat(v.verify(Fixtures.request("room_started")).reason()).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void acceptsExpiredTokenWithinLeeway() {
        Clock later = Clock.fixed(Instant.ofEpochSecond(4949080953L + 30), ZoneOffset.UTC);
        LiveKitTokenVerifier v = LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(later).build();
        assertThat(v.verify(Fixtures.request("room_started")).accepted()).isTrue();
    }

    @Test
    void rejectsTokenNotYetValid() {
        Clock earlier = Clock.fixed(Instant.ofEpochSecond(1795480953L - 61), ZoneOffset.UTC);
        LiveKitTokenVerifier v = LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(earlier).build();
        assertThat(v.verify(Fixtures.request("room_started")).reason()).isEqualTo(RejectionReason.NOT_YET_VALID);
    }

    @Test
    void rejectsAlgNone() {
        byte[] body = Fixtures.body("room_started");
        String valid = WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, CLOCK, Duration.ofMinutes(5));
        String claims = valid.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(request(header + "." + claims + ".", body)).accepted()).isFalse();
        assertThat(verifier.verify(request(header + "." + claims + ".c2ln", body)).reason()).isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsOtherAlgorithmsEvenWithValidHmac() {
        byte[] body = Fixtures.body("room_started");
        String claims = "{\"iss\":\"" + API_KEY + "\",\"exp\":4949080953,\"sha256\":\"x\"}";
        String token = WebhookSigner.jwt("{\"alg\":\"HS512\"}", claims, API_SECRET);
        assertThat(verifier.verify(request(token, body)).reason()).isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsMissingHeader() {
        assertThat(verifier.verify(WebhookRequest.ofSingle(Map.of(), Fixtures.body("room_started"))).reason())
                .isEqualTo(RejectionReason.MISSING_HEADER);
    }

    @Test
    void rejectsTruncatedToken() {
        String token = Fixtures.authorization("room_started");
        assertThat(verifier.verify(request(token.substring(0, token.lastIndexOf('.') + 1), Fixtures.body("room_started"))).reason())
                .isEqualTo(RejectionReason.MALFORMED);
        assertThat(verifier.verify(request(token.substring(0, token.length() - 5), Fixtures.body("room_started"))).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(verifier.verify(request(token.substring(0, 20), Fixtures.body("room_started"))).reason())
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void rejectsNonBase64Token() {
        assertThat(verifier.verify(request("a!b.c$d.e%f", Fixtures.body("room_started"))).reason()).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void rejectsTokenWithoutExpiry() {
        byte[] body = Fixtures.body("room_started");
        String token = WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"iss\":\"" + API_KEY + "\",\"sha256\":\"x\"}", API_SECRET);
        assertThat(verifier.verify(request(token, body)).reason()).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void neverRevealsSecretOrToken() {
        String token = Fixtures.authorization("room_started");
        Verification v = LiveKitTokenVerifier.builder().key(API_KEY, "wrong").clock(CLOCK).build()
                .verify(request(token, Fixtures.body("room_started")));
        assertThat(v.toString()).doesNotContain(token).doesNotContain(token.split("\\.")[2]).doesNotContain("wrong");
        assertThat(verifier.toString()).doesNotContain(API_SECRET);
        assertThat(Fixtures.request("room_started").toString()).doesNotContain(token);
    }

    @Test
    void builderValidatesAtOnce() {
        assertThatThrownBy(() -> LiveKitTokenVerifier.builder().build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("keys");
        assertThatThrownBy(() -> LiveKitTokenVerifier.builder().leeway(Duration.ofSeconds(-1)))
                .hasMessageContaining("leeway").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> LiveKitTokenVerifier.builder().key("k", "")).hasMessageContaining("apiSecret")
                .hasMessageNotContaining("k,");
    }
}
