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
    void refusesShortSecrets() {
        assertThatThrownBy(() -> TenantTokenVerifier.builder().secret("short")).hasMessageContaining("secret").hasMessageNotContaining("short");
    }
}
