package dev.calloutcomes.webhook;

import java.util.Objects;

/**
 * The result of verifying one webhook: accepted (with the key that matched, when the scheme names
 * one) or rejected with a reason and a detail. Details never contain a secret, token or signature.
 *
 * @param accepted whether the request is authentic
 * @param scheme the name of the scheme that decided ("livekit-jwt", "hmac", "standard-webhooks", ...)
 * @param keyId the API key that matched, or null
 * @param reason why it was rejected, or null when accepted
 * @param detail a human-readable explanation, safe to log
 */
public record Verification(boolean accepted, String scheme, String keyId, RejectionReason reason, String detail) {

    /** An accepted verification. */
    public static Verification accepted(String scheme, String keyId) {
        return new Verification(true, scheme, keyId, null, "verified");
    }

    /** A rejected verification. */
    public static Verification rejected(String scheme, RejectionReason reason, String detail) {
        return new Verification(false, scheme, null, Objects.requireNonNull(reason), detail);
    }
}
