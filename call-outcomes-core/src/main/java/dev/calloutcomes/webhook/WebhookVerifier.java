package dev.calloutcomes.webhook;

import java.util.Set;

/**
 * Decides whether a webhook is authentic. Implementations read the exact body bytes and the
 * headers, take time from an injected clock, compare in constant time, and never reveal secrets in
 * a result, message or {@code toString}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WebhookVerifier {
    /** Verifies {@code request}; never throws for bad input, returns a rejection instead. */
    Verification verify(WebhookRequest request);

    /**
     * Whether a request with {@code request}'s headers could pass {@link #verify}, decided before
     * its body is read: an endpoint reads no body of a request that fails here, so that what an
     * unauthenticated sender costs stays small. Must not read the body (it may be empty). The
     * default passes every request: schemes whose signature covers the body can tell only from it.
     * Never throws for bad input.
     */
    default Verification screen(WebhookRequest request) {
        return Verification.accepted("unscreened", null);
    }

    /**
     * The names of the schemes this verifier can accept ({@code livekit-jwt}, {@code hmac},
     * {@code standard-webhooks}, ...), as health endpoints report them; empty when it accepts nothing. The
     * default, for a host's own verifier, is {@code custom}.
     */
    default Set<String> schemes() {
        return Set.of("custom");
    }
}
