package dev.calloutcomes.tenant;

import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.testing.WebhookSigner;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TenantTokenVerifierTest {
    private static final String SECRET = "api-secret-0123456789abcdef0123456789";
    private final TenantTokenVerifier verifier = TenantTokenVerifier.builder().secret(SECRET).clock(CLOCK).build();

    @Test
    void readsTheTenantOfAValidToken() {
        String token = WebhookSigner.tenantToken(SECRET, "acme", CLOCK, Duration.ofHours(1));
        assertThat(verifier.tenantOf(token)).contains("acme");
        assertThat(verifier.tenantOf("Bearer " + token)).contains("acme");
    }

    @Test
    void rejectsForgedExpiredAlgNoneAndTokensWithoutExpiry() {
        assertThat(verifier.tenantOf(WebhookSigner.tenantToken("another-secret-0123456789abcdef0123", "acme", CLOCK, Duration.ofHours(1)))).isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.tenantToken(SECRET, "acme", Clock.offset(CLOCK, Duration.ofHours(-2)), Duration.ofHours(1)))).isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\"}", SECRET))).isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"none\"}", "{\"sub\":\"acme\",\"exp\":9999999999}", SECRET))).isEmpty();
        assertThat(verifier.tenantOf("not.a.jwt")).isEmpty();
        assertThat(verifier.tenantOf(null)).isEmpty();
    }

    @Test
    void readsAConfiguredClaim() {
        TenantTokenVerifier org = TenantTokenVerifier.builder().secret(SECRET).clock(CLOCK).tenantClaim("org").build();
        assertThat(org.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"org\":\"o1\",\"sub\":\"u\",\"exp\":9999999999}", SECRET))).contains("o1");
    }

    @Test
    void refusesCritHeadersDuplicateClaimsAndTimesThatWouldOverflow() {
        String exp = ",\"exp\":9999999999";
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}",
                "{\"sub\":\"acme\"" + exp + "}", SECRET))).as("crit").isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\",\"sub\":\"mallory\"" + exp + "}", SECRET)))
                .as("duplicate sub").isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{\"sub\":\"acme\"" + exp + "}", SECRET)))
                .as("duplicate alg").isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\"" + exp + ",\"nbf\":9223372036854776}", SECRET)))
                .as("nbf whose milliseconds overflow").isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\",\"exp\":9223372036854775807}", SECRET)))
                .as("the farthest exp").contains("acme");
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\",\"exp\":1e19}", SECRET)))
                .as("exp not a whole number").isEmpty();
        assertThat(verifier.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"ac\\ud800me\"" + exp + "}", SECRET)))
                .as("a lone surrogate").isEmpty();
    }

    @Test
    void anAudienceSeparatesTenantTokensFromOperatorTokens() {
        TenantTokenVerifier tenants = TenantTokenVerifier.builder().secret(SECRET).clock(CLOCK).audience(TenantTokenVerifier.TENANT_AUDIENCE).build();
        TenantTokenVerifier operators = TenantTokenVerifier.builder().secret(SECRET).clock(CLOCK).audience(TenantTokenVerifier.OPERATOR_AUDIENCE).build();
        String tenant = WebhookSigner.tenantToken(SECRET, "acme", CLOCK, Duration.ofHours(1));
        String operator = WebhookSigner.operatorToken(SECRET, "ops", CLOCK, Duration.ofHours(1));
        assertThat(tenants.tenantOf(tenant)).contains("acme");
        assertThat(operators.tenantOf(tenant)).isEmpty();
        assertThat(operators.tenantOf(operator)).contains("ops");
        assertThat(tenants.tenantOf(operator)).isEmpty();
        assertThat(tenants.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\",\"aud\":[\"x\",\"call-outcomes-api\"],"
                + "\"exp\":9999999999}", SECRET))).as("aud as an array").contains("acme");
        assertThat(tenants.tenantOf(WebhookSigner.jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"acme\",\"exp\":9999999999}", SECRET)))
                .as("no aud").isEmpty();
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> TenantTokenVerifier.builder().secret("short")).hasMessageContaining("secret").hasMessageNotContaining("short");
    }
}
