package dev.calloutcomes.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * A compact JWS split into its parts, and HS256 checking. Not API. Immutable but for its JSON nodes,
 * which callers must only read (header nodes are shared between tokens); its arrays are handed out as copies.
 *
 * @param header the decoded header object
 * @param claims the decoded claims object
 * @param signingInput the bytes the signature covers
 * @param signature the decoded signature
 */
public record Jwt(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {
    /** Duplicate members are refused (a token whose claims say two things is no token), not resolved last-wins. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Senders use one or two header forms; decoding each once saves a JSON parse per request. Nodes are never mutated. */
    private static final ConcurrentHashMap<String, JsonNode> HEADERS = new ConcurrentHashMap<>();

    @Override
    public byte[] signingInput() {
        return signingInput.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The parts of {@code token} (an optional {@code Bearer } prefix is dropped); null when it is not a JWS. */
    public static Jwt parse(String token) {
        String t = token.strip();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).strip();
        }
        int first = t.indexOf('.');
        int second = first < 0 ? -1 : t.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || t.indexOf('.', second + 1) >= 0 || second == t.length() - 1) {
            return null;
        }
        String headerPart = t.substring(0, first);
        JsonNode header = HEADERS.get(headerPart);
        if (header == null) {
            header = object(headerPart);
            if (header != null && HEADERS.size() < 64) {
                HEADERS.put(headerPart, header);
            }
        }
        JsonNode claims = object(t.substring(first + 1, second));
        byte[] signature = Crypto.decodeBase64(t.substring(second + 1));
        if (header == null || claims == null || signature == null) {
            return null;
        }
        if (header.has("crit")) {
            // RFC 7515 §4.1.11: extensions named critical must be understood; we understand none.
            return null;
        }
        return new Jwt(header, claims, t.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
    }

    /** Whether the header names HS256 (the only algorithm accepted). */
    public boolean isHs256() {
        JsonNode alg = header.get("alg");
        return alg != null && "HS256".equals(alg.asText());
    }

    /** Whether the signature is HS256 of the signing input under {@code key}, compared in constant time. */
    public boolean signedWith(SecretKeySpec key) {
        return Crypto.constantTimeEquals(Crypto.hmacSha256(key, signingInput), signature);
    }

    /**
     * Whether the numeric claim {@code claim} (seconds since the epoch) is a whole number at or before
     * {@code epochSeconds}; false when absent, not a whole number or out of range (never an overflow).
     */
    public boolean secondsAtOrBefore(String claim, long epochSeconds) {
        JsonNode node = claims.get(claim);
        return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() <= epochSeconds;
    }

    /** Whether the numeric claim {@code claim} is a whole number of seconds that fits a long. */
    public boolean hasSeconds(String claim) {
        JsonNode node = claims.get(claim);
        return node != null && node.isIntegralNumber() && node.canConvertToLong();
    }

    /** Whether the {@code aud} claim is {@code audience}, or an array holding it. */
    public boolean hasAudience(String audience) {
        JsonNode aud = claims.get("aud");
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return audience.equals(aud.asText());
        }
        if (aud.isArray()) {
            for (JsonNode entry : aud) {
                if (entry.isTextual() && audience.equals(entry.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A text claim, or null. */
    public String text(String claim) {
        JsonNode node = claims.get(claim);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static JsonNode object(String part) {
        byte[] bytes = Crypto.decodeBase64(part);
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
