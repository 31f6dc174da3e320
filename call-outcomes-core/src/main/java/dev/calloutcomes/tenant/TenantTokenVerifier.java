package dev.calloutcomes.tenant;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.internal.Crypto;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.internal.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the tenant from an API bearer token: an HS256 JWT (no other algorithm) signed with the
 * configured secret, with a numeric {@code exp} (required) and optional {@code nbf}, whose claim
 * {@code sub} (name configurable) names the tenant. Immutable and thread-safe.
 */
public final class TenantTokenVerifier {
    private final SecretKeySpec key;
    private final String claim;
    private final Clock clock;
    private final Duration leeway;

    private TenantTokenVerifier(Builder b) {
        this.key = b.key;
        this.claim = b.claim;
        this.clock = b.clock;
        this.leeway = b.leeway;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tenant named by a valid token, or empty for a missing, malformed, forged or expired one. */
    public Optional<String> tenantOf(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Jwt jwt = Jwt.parse(token);
        if (jwt == null || !jwt.isHs256() || !jwt.signedWith(key)) {
            return Optional.empty();
        }
        JsonNode exp = jwt.claims().get("exp");
        JsonNode nbf = jwt.claims().get("nbf");
        long now = clock.millis();
        if (exp == null || !exp.isNumber() || now - leeway.toMillis() >= exp.asLong() * 1000) {
            return Optional.empty();
        }
        if (nbf != null && (!nbf.isNumber() || now + leeway.toMillis() < nbf.asLong() * 1000)) {
            return Optional.empty();
        }
        // A tenant with control characters (a NUL, say) is no tenant: refused here, not by the database later.
        return Optional.ofNullable(jwt.text(claim)).filter(Identifiers::isValid);
    }

    @Override
    public String toString() {
        return "TenantTokenVerifier[claim=" + claim + "]";
    }

    /** Builds a {@link TenantTokenVerifier}. Not thread-safe. */
    public static final class Builder {
        private SecretKeySpec key;
        private String claim = "sub";
        private Clock clock = Clock.systemUTC();
        private Duration leeway = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The HS256 secret (at least 32 bytes). */
        public Builder secret(String secret) {
            require(secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= 32, "secret", "<redacted>",
                    "must be at least 32 bytes");
            this.key = Crypto.hmacKey(secret.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** The claim naming the tenant; default {@code sub}. */
        public Builder tenantClaim(String claim) {
            require(claim != null && !claim.isBlank(), "tenantClaim", claim, "must not be blank");
            this.claim = claim;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public TenantTokenVerifier build() {
            require(key != null, "secret", null, "must be set");
            return new TenantTokenVerifier(this);
        }
    }
}
