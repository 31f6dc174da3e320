package dev.calloutcomes.webhook;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.internal.Crypto;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.internal.Jwt;
import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies LiveKit's own webhook scheme, as sent by LiveKit Cloud and the open-source server: the
 * {@code Authorization} header carries a JWT (an optional {@code Bearer } prefix is accepted) signed
 * with HS256 by the API secret; {@code iss} names the API key; {@code exp} and {@code nbf} bound its
 * validity (with a leeway); claim {@code sha256} is the padded standard base64 of SHA-256 over the
 * exact body bytes. Every other algorithm, {@code none} included, is rejected.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 */
public final class LiveKitTokenVerifier implements WebhookVerifier {
    static final String SCHEME = "livekit-jwt";

    private final Map<String, SecretKeySpec> keys;
    private final Map<String, String> tenants;
    private final Duration leeway;
    private final Clock clock;

    private LiveKitTokenVerifier(Builder b) {
        this.keys = Map.copyOf(b.keys);
        this.tenants = Map.copyOf(b.tenants);
        this.leeway = b.leeway;
        this.clock = b.clock;
    }

    /** A builder with a 60 s leeway and the system UTC clock; at least one key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Verification verify(WebhookRequest request) {
        Token token = token(request);
        if (!token.verdict().accepted()) {
            return token.verdict();
        }
        JsonNode hash = token.claims().get("sha256");
        byte[] claimed = hash != null && hash.isTextual() ? Crypto.decodeBase64(hash.asText()) : null;
        if (claimed == null) {
            return reject(RejectionReason.MALFORMED, "JWT has no valid sha256 claim");
        }
        if (!Crypto.constantTimeEquals(Crypto.sha256(request.bodyUnsafe()), claimed)) {
            return reject(RejectionReason.BODY_HASH_MISMATCH, "body does not match the JWT's sha256 claim");
        }
        return token.verdict();
    }

    /** Checks everything but the body: the token's form, algorithm, key, signature and validity period. */
    @Override
    public Verification screen(WebhookRequest request) {
        return token(request).verdict();
    }

    /** A checked token: its verdict, and its claims when the verdict accepts it (else empty claims). */
    private record Token(Verification verdict, JsonNode claims) {
        static Token rejected(RejectionReason reason, String detail) {
            return new Token(reject(reason, detail), MissingNode.getInstance());
        }
    }

    private Token token(WebhookRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty() || header.get().isBlank()) {
            return Token.rejected(RejectionReason.MISSING_HEADER, "Authorization header is missing");
        }
        Jwt jwt = Jwt.parse(header.get());
        if (jwt == null) {
            return Token.rejected(RejectionReason.MALFORMED, "Authorization header is not a JWT of three base64url parts");
        }
        if (!jwt.isHs256()) {
            return Token.rejected(RejectionReason.UNSUPPORTED_ALGORITHM, "JWT algorithm must be HS256");
        }
        String iss = jwt.text("iss");
        if (iss == null) {
            return Token.rejected(RejectionReason.MALFORMED, "JWT has no iss (API key) claim");
        }
        SecretKeySpec key = keys.get(iss);
        if (key == null) {
            return Token.rejected(RejectionReason.UNKNOWN_KEY, "JWT issuer is not a configured API key");
        }
        if (!jwt.signedWith(key)) {
            return Token.rejected(RejectionReason.BAD_SIGNATURE, "JWT signature does not match the API secret");
        }
        JsonNode claims = jwt.claims();
        Verification time = checkTime(claims);
        return time != null ? new Token(time, claims) : new Token(Verification.accepted(SCHEME, iss, tenants.get(iss)), claims);
    }

    private Verification checkTime(JsonNode claims) {
        JsonNode exp = claims.get("exp");
        JsonNode nbf = claims.get("nbf");
        if (exp == null || !exp.isNumber()) {
            return reject(RejectionReason.MALFORMED, "JWT has no numeric exp claim");
        }
        if (nbf != null && !nbf.isNumber()) {
            return reject(RejectionReason.MALFORMED, "JWT nbf claim is not numeric");
        }
        long now = clock.millis();
        if (now - leeway.toMillis() >= exp.asLong() * 1000) {
            return reject(RejectionReason.EXPIRED, "JWT has expired");
        }
        if (nbf != null && now + leeway.toMillis() < nbf.asLong() * 1000) {
            return reject(RejectionReason.NOT_YET_VALID, "JWT is not yet valid");
        }
        return null;
    }

    private static Verification reject(RejectionReason reason, String detail) {
        return Verification.rejected(SCHEME, reason, detail);
    }

    @Override
    public String toString() {
        return "LiveKitTokenVerifier[keys=" + keys.keySet() + ", tenants=" + tenants + ", leeway=" + leeway + "]";
    }

    /** Builds a {@link LiveKitTokenVerifier}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        private final Map<String, String> tenants = new LinkedHashMap<>();
        private Duration leeway = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds an API key and its secret; several pairs may be configured (one per LiveKit project, or for rotation). */
        public Builder key(String apiKey, String apiSecret) {
            require(apiKey != null && !apiKey.isBlank(), "apiKey", apiKey, "must not be blank");
            require(apiSecret != null && !apiSecret.isEmpty(), "apiSecret", "<redacted>", "must not be empty");
            keys.put(apiKey, Crypto.hmacKey(apiSecret.getBytes(StandardCharsets.UTF_8)));
            tenants.remove(apiKey);
            return this;
        }

        /**
         * Adds an API key and its secret that belong to {@code tenantId}: hosts whose customers bring their own
         * LiveKit project. Every webhook this key signs is the tenant's, whatever its room says; this is the
         * strongest evidence of an owner (see {@link Verification#tenantId()}).
         */
        public Builder key(String apiKey, String apiSecret, String tenantId) {
            require(Identifiers.isValid(tenantId), "tenantId", tenantId, "must be a valid identifier");
            key(apiKey, apiSecret);
            tenants.put(apiKey, tenantId);
            return this;
        }

        /** How far {@code exp} and {@code nbf} may be overstepped; default 60 s. */
        public Builder leeway(Duration leeway) {
            requireNonNull(leeway, "leeway");
            require(!leeway.isNegative() && leeway.compareTo(Duration.ofHours(1)) <= 0, "leeway", leeway, "must be between 0 and 1 hour");
            this.leeway = leeway;
            return this;
        }

        /** The clock that decides expiry; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public LiveKitTokenVerifier build() {
            require(!keys.isEmpty(), "keys", "none", "must hold at least one API key and secret");
            return new LiveKitTokenVerifier(this);
        }
    }
}
