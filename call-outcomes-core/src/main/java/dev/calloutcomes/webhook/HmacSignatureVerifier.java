package dev.calloutcomes.webhook;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.internal.Crypto;
import static dev.calloutcomes.internal.Checks.require;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the seed design's scheme: header {@code X-LiveKit-Signature} holds HMAC-SHA256(secret,
 * body) as hex (either case) or base64, optionally prefixed with {@code sha256=}. Several secrets may
 * be configured at once so that a secret can be rotated without downtime.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 */
public final class HmacSignatureVerifier implements WebhookVerifier {
    static final String SCHEME = "hmac";
    /** The header this scheme reads. */
    public static final String HEADER = "X-LiveKit-Signature";

    private final List<SecretKeySpec> secrets;

    private HmacSignatureVerifier(List<SecretKeySpec> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** A builder; at least one secret is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Verification verify(WebhookRequest request) {
        Verification header = screen(request);
        if (!header.accepted()) {
            return header;
        }
        byte[] given = signature(request.header(HEADER).orElseThrow());
        boolean match = false;
        for (SecretKeySpec secret : secrets) {
            match |= Crypto.constantTimeEquals(Crypto.hmacSha256(secret, request.bodyUnsafe()), given);
        }
        return match
                ? Verification.accepted(SCHEME, null)
                : Verification.rejected(SCHEME, RejectionReason.BAD_SIGNATURE, HEADER + " does not match any configured secret");
    }

    /** Checks that the signature header is present and of the right form (the signature covers the body). */
    @Override
    public Verification screen(WebhookRequest request) {
        Optional<String> header = request.header(HEADER);
        if (header.isEmpty() || header.get().isBlank()) {
            return Verification.rejected(SCHEME, RejectionReason.MISSING_HEADER, HEADER + " header is missing");
        }
        byte[] given = signature(header.get());
        if (given == null || given.length != 32) {
            return Verification.rejected(SCHEME, RejectionReason.MALFORMED, HEADER + " is neither 64 hex digits nor base64 of 32 bytes");
        }
        return Verification.accepted(SCHEME, null);
    }

    /** The header's signature bytes (hex or base64, an optional {@code sha256=} prefix), or null when it is neither. */
    private static byte[] signature(String header) {
        String value = header.strip();
        if (value.regionMatches(true, 0, "sha256=", 0, 7)) {
            value = value.substring(7);
        }
        return value.length() == 64 ? Crypto.decodeHex(value) : Crypto.decodeBase64(value);
    }

    @Override
    public String toString() {
        return "HmacSignatureVerifier[secrets=" + secrets.size() + "]";
    }

    /** Builds an {@link HmacSignatureVerifier}. Not thread-safe. */
    public static final class Builder {
        private final List<SecretKeySpec> secrets = new ArrayList<>();

        private Builder() {
        }

        /** Adds a secret (UTF-8); add the old and the new one while rotating. */
        public Builder secret(String secret) {
            require(secret != null && !secret.isEmpty(), "secret", "<redacted>", "must not be empty");
            secrets.add(Crypto.hmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        public HmacSignatureVerifier build() {
            require(!secrets.isEmpty(), "secrets", "none", "must hold at least one secret");
            return new HmacSignatureVerifier(secrets);
        }
    }
}
