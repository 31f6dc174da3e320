package dev.calloutcomes.webhook;

/**
 * Decides whether a webhook is authentic. Implementations read the exact body bytes and the
 * headers, take time from an injected clock, compare in constant time, and never reveal secrets in
 * a result, message or {@code toString}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WebhookVerifier {
    /** Verifies {@code request}; never throws for bad input, returns a rejection instead. */
    Verification verify(WebhookRequest request);
}
