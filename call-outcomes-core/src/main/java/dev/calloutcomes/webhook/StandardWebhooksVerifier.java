package dev.calloutcomes.webhook;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.internal.Crypto;
import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: headers
 * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} (space-separated
 * {@code v1,<base64>} entries, any of which may match); secrets in the {@code whsec_<base64>} form;
 * the timestamp must lie within a tolerance (default 5 minutes) of the injected clock.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 */
public final class StandardWebhooksVerifier implements WebhookVerifier {
    static final String SCHEME = "standard-webhooks";
    private static final byte[] DOT = {'.'};

    private final List<SecretKeySpec> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private StandardWebhooksVerifier(Builder b) {
        this.secrets = List.copyOf(b.secrets);
        this.tolerance = b.tolerance;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Verification verify(WebhookRequest request) {
        Verification headers = screen(request);
        if (!headers.accepted()) {
            return headers;
        }
        String id = request.header("webhook-id").orElseThrow();
        long seconds = Long.parseLong(request.header("webhook-timestamp").orElseThrow().strip());
        Optional<String> signatures = request.header("webhook-signature");
        byte[] prefix = (id.strip() + "." + seconds).getBytes(StandardCharsets.UTF_8);
        List<byte[]> expected = new ArrayList<>(secrets.size());
        for (SecretKeySpec secret : secrets) {
            expected.add(Crypto.hmacSha256(secret, prefix, DOT, request.bodyUnsafe()));
        }
        boolean match = false;
        boolean anyWellFormed = false;
        for (String entry : signatures.get().strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given = Crypto.decodeBase64(entry.substring(comma + 1));
            if (given == null) {
                continue;
            }
            anyWellFormed = true;
            for (byte[] candidate : expected) {
                match |= Crypto.constantTimeEquals(candidate, given);
            }
        }
        if (match) {
            return Verification.accepted(SCHEME, null);
        }
        return anyWellFormed
                ? reject(RejectionReason.BAD_SIGNATURE, "no webhook-signature entry matches a configured secret")
                : reject(RejectionReason.MALFORMED, "webhook-signature holds no v1,<base64> entry");
    }

    private static Verification reject(RejectionReason reason, String detail) {
        return Verification.rejected(SCHEME, reason, detail);
    }

    /** Checks that the three headers are present and the timestamp is within the tolerance (the signature covers the body). */
    @Override
    public Verification screen(WebhookRequest request) {
        Optional<String> id = request.header("webhook-id");
        Optional<String> timestamp = request.header("webhook-timestamp");
        Optional<String> signatures = request.header("webhook-signature");
        if (id.isEmpty() || timestamp.isEmpty() || signatures.isEmpty()) {
            return reject(RejectionReason.MISSING_HEADER, "webhook-id, webhook-timestamp and webhook-signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get().strip());
        } catch (NumberFormatException e) {
            return reject(RejectionReason.MALFORMED, "webhook-timestamp is not a whole number of seconds");
        }
        long now = clock.millis() / 1000;
        if (seconds < now - tolerance.toSeconds()) {
            return reject(RejectionReason.EXPIRED, "webhook-timestamp is too old");
        }
        if (seconds > now + tolerance.toSeconds()) {
            return reject(RejectionReason.NOT_YET_VALID, "webhook-timestamp is too far in the future");
        }
        return Verification.accepted(SCHEME, null);
    }

    @Override
    public String toString() {
        return "StandardWebhooksVerifier[secrets=" + secrets.size() + ", tolerance=" + tolerance + "]";
    }

    /** Builds a {@link StandardWebhooksVerifier}. Not thread-safe. */
    public static final class Builder {
        private final List<SecretKeySpec> secrets = new ArrayList<>();
        private Duration tolerance = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds a secret in the {@code whsec_<base64>} form (the prefix is optional). */
        public Builder secret(String secret) {
            require(secret != null && !secret.isBlank(), "secret", "<redacted>", "must not be blank");
            String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
            byte[] key = Crypto.decodeBase64(encoded);
            require(key != null && key.length > 0, "secret", "<redacted>", "must be base64 after the whsec_ prefix");
            secrets.add(Crypto.hmacKey(key));
            return this;
        }

        /** How far the timestamp may differ from the clock; default 5 minutes. */
        public Builder tolerance(Duration tolerance) {
            requireNonNull(tolerance, "tolerance");
            require(!tolerance.isNegative() && !tolerance.isZero(), "tolerance", tolerance, "must be positive");
            this.tolerance = tolerance;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public StandardWebhooksVerifier build() {
            require(!secrets.isEmpty(), "secrets", "none", "must hold at least one secret");
            return new StandardWebhooksVerifier(this);
        }
    }
}
