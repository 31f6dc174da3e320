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
 * configured secret, with a whole-number {@code exp} (required) and optional {@code nbf}, an {@code aud} when one is
 * configured, no {@code crit} header and no duplicate member, whose claim {@code sub} (name configurable) names the
 * tenant. Immutable and thread-safe.
 */
public final class TenantTokenVerifier {
    /** The audience of tenant API tokens ({@code aud}), as the demo and the Spring Boot starter require it. */
    public static final String TENANT_AUDIENCE = "call-outcomes-api";
    /** The audience of operator tokens, which the admin endpoints require: a tenant token never passes for one. */
    public static final String OPERATOR_AUDIENCE = "call-outcomes-admin";
    private final SecretKeySpec key;
    private final String claim;
    private final Clock clock;
    private final Duration leeway;
    private final String audience;

    private TenantTokenVerifier(Builder b) {
        this.audience = b.audience;
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
        // Compared in seconds, as the claims are: no multiplication that a huge exp could overflow.
        long now = Math.floorDiv(clock.millis(), 1000);
        long leewaySeconds = leeway.toSeconds();
        if (!jwt.hasSeconds("exp") || jwt.secondsAtOrBefore("exp", now - leewaySeconds)) {
            return Optional.empty();
        }
        if (jwt.claims().has("nbf") && !jwt.secondsAtOrBefore("nbf", now + leewaySeconds)) {
            return Optional.empty();
        }
        if (audience != null && !jwt.hasAudience(audience)) {
            return Optional.empty();
        }
        // A tenant with control characters (a NUL, say) is no tenant: refused here, not by the database later.
        return Optional.ofNullable(jwt.text(claim)).filter(Identifiers::isValid);
    }

    @Override
    public String toString() {
        return "TenantTokenVerifier[claim=" + claim + ", audience=" + (audience == null ? "any" : audience) + "]";
    }

    /** Builds a {@link TenantTokenVerifier}. Not thread-safe. */
    public static final class Builder {
        private SecretKeySpec key;
        private String claim = "sub";
        private Clock clock = Clock.systemUTC();
        private Duration leeway = Duration.ofSeconds(30);
        private String audience;

        private Builder() {
        }

        /**
         * The {@code aud} a token must carry (a string, or an array holding it); default none (not checked). Give
         * tenant and operator tokens different audiences ({@link #TENANT_AUDIENCE}, {@link #OPERATOR_AUDIENCE}) so
         * that one is never taken for the other, whatever the secrets.
         */
        public Builder audience(String audience) {
            require(audience == null || !audience.isBlank(), "audience", audience, "must not be blank");
            this.audience = audience;
            return this;
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
