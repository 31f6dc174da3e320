package dev.calloutcomes.testing;

import dev.calloutcomes.internal.Crypto;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Produces the headers senders attach, for the host's tests, demos and load generators: LiveKit's
 * JWT, the seed's HMAC signature, and Standard Webhooks signatures. The results are credentials;
 * do not log them. Stateless and thread-safe.
 */
public final class WebhookSigner {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private WebhookSigner() {
    }

    /**
     * The {@code Authorization} value LiveKit sends with {@code body}: an HS256 JWT with {@code iss} =
     * {@code apiKey}, {@code sha256} = base64 of SHA-256 of the body, {@code nbf} = now and
     * {@code exp} = now + {@code ttl}.
     */
    public static String liveKitToken(String apiKey, String apiSecret, byte[] body, Clock clock, Duration ttl) {
        long now = clock.millis() / 1000;
        String hash = Base64.getEncoder().encodeToString(Crypto.sha256(body));
        String claims = "{\"sha256\":\"" + hash + "\",\"iss\":\"" + jsonEscape(apiKey) + "\",\"exp\":"
                + (now + ttl.toSeconds()) + ",\"nbf\":" + now + "}";
        return jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, apiSecret);
    }

    /** An HS256 JWT of the given header and claims JSON, signed with {@code secret}. */
    public static String jwt(String headerJson, String claimsJson, String secret) {
        String signingInput = URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Crypto.hmacSha256(Crypto.hmacKey(secret.getBytes(StandardCharsets.UTF_8)),
                signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signature);
    }

    /** An API bearer token for {@code tenant} (claim {@code sub}), valid for {@code ttl}. */
    public static String tenantToken(String secret, String tenant, Clock clock, Duration ttl) {
        return token(secret, tenant, TenantTokenVerifier.TENANT_AUDIENCE, clock, ttl);
    }

    /** An operator token (audience {@link TenantTokenVerifier#OPERATOR_AUDIENCE}) for the admin endpoints. */
    public static String operatorToken(String secret, String operator, Clock clock, Duration ttl) {
        return token(secret, operator, TenantTokenVerifier.OPERATOR_AUDIENCE, clock, ttl);
    }

    private static String token(String secret, String subject, String audience, Clock clock, Duration ttl) {
        long now = clock.millis() / 1000;
        return jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"" + jsonEscape(subject) + "\",\"aud\":\"" + audience
                + "\",\"iat\":" + now + ",\"exp\":" + (now + ttl.toSeconds()) + "}", secret);
    }

    /** The seed's {@code X-LiveKit-Signature}: lower-case hex HMAC-SHA256 of the body. */
    public static String hmacHex(String secret, byte[] body) {
        return HexFormat.of().formatHex(Crypto.hmacSha256(Crypto.hmacKey(secret.getBytes(StandardCharsets.UTF_8)), body));
    }

    /** A Standard Webhooks {@code webhook-signature} entry ({@code v1,<base64>}) for a {@code whsec_} secret. */
    public static String standardWebhooks(String whsecSecret, String id, long timestampSeconds, byte[] body) {
        String encoded = whsecSecret.startsWith("whsec_") ? whsecSecret.substring(6) : whsecSecret;
        byte[] key = Crypto.decodeBase64(encoded);
        if (key == null) {
            throw new IllegalArgumentException("secret must be base64 after the whsec_ prefix");
        }
        byte[] mac = Crypto.hmacSha256(Crypto.hmacKey(key), (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
