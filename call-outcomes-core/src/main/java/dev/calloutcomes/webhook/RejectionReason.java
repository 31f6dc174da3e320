package dev.calloutcomes.webhook;

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
