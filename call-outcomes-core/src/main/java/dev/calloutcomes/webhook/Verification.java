package dev.calloutcomes.webhook;

import java.util.Objects;

/**
 * The result of verifying one webhook: accepted (with the key that matched, when the scheme names
 * one, and the tenant that key is mapped to, when the host maps keys to tenants) or rejected with a
 * reason and a detail. Details never contain a secret, token or signature.
 *
 * @param accepted whether the request is authentic
 * @param scheme the name of the scheme that decided ("livekit-jwt", "hmac", "standard-webhooks", ...)
 * @param keyId the API key that matched, or null
 * @param tenantId the tenant the matching key belongs to, or null: the strongest evidence of the event's owner
 *        (see {@link LiveKitTokenVerifier.Builder#key(String, String, String)})
 * @param reason why it was rejected, or null when accepted
 * @param detail a human-readable explanation, safe to log
 */
public record Verification(boolean accepted, String scheme, String keyId, String tenantId, RejectionReason reason,
                           String detail) {

    /** An accepted verification by a key that is mapped to no tenant. */
    public static Verification accepted(String scheme, String keyId) {
        return accepted(scheme, keyId, null);
    }

    /** An accepted verification by key {@code keyId}, which belongs to {@code tenantId} (or to none: null). */
    public static Verification accepted(String scheme, String keyId, String tenantId) {
        return new Verification(true, scheme, keyId, tenantId, null, "verified");
    }

    /** A rejected verification. */
    public static Verification rejected(String scheme, RejectionReason reason, String detail) {
        return new Verification(false, scheme, null, null, Objects.requireNonNull(reason), detail);
    }

    /** Why a webhook failed verification. */
    public enum RejectionReason {
        /** No verification scheme is configured and insecure mode is off: every request is refused. */
        NO_VERIFIER_CONFIGURED,
        /** The header the scheme needs is absent. */
        MISSING_HEADER,
        /** The header is present but not of the scheme's form (bad token layout, not base64, ...). */
        MALFORMED,
        /** The token uses an algorithm other than HS256. */
        UNSUPPORTED_ALGORITHM,
        /** The token or signature does not match any configured secret. */
        BAD_SIGNATURE,
        /** The token's {@code exp} (or the request timestamp) lies in the past, beyond the leeway. */
        EXPIRED,
        /** The token's {@code nbf} (or the request timestamp) lies in the future, beyond the leeway. */
        NOT_YET_VALID,
        /** The token's issuer names no configured API key. */
        UNKNOWN_KEY,
        /** The token is authentic but its body hash does not match the body received. */
        BODY_HASH_MISMATCH
    }
}
