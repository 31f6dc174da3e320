package dev.calloutcomes.servlet;

import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import java.time.Duration;

/**
 * Where the webhook servlet reports what it did. The default records nothing;
 * {@link MicrometerWebhookMetrics} records the seed's metrics. Implementations must be thread-safe.
 */
public interface WebhookMetrics {
    /** A webhook was answered; {@code status} is the result status or an HTTP-level one ("error", "too_large" ...). */
    void webhook(String status, Duration processing);

    /** A webhook failed verification, for {@code reason} (the 401 does not say why; this does). */
    default void rejected(RejectionReason reason) {
    }

    /**
     * A webhook was handled with {@code result} (not called for requests refused before the service saw them).
     * Outcomes are counted per call by an {@link dev.calloutcomes.call.OutcomeListener}, not here: one call's
     * events each carry its outcome.
     */
    default void outcome(WebhookResult result) {
    }

    /** Records nothing. */
    static WebhookMetrics none() {
        return (status, processing) -> { };
    }
}
