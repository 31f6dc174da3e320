package dev.calloutcomes.servlet;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code GET /health} on the webhook endpoint (see {@link WebhookServlet}). */
final class WebhookHealth {
    private WebhookHealth() {
    }

    /**
     * The health body, in Spring Boot Actuator's vocabulary ({@code UP}/{@code DOWN} with components, DOWN when any
     * component is), plus the earlier module's two fields. Verification is DOWN when no scheme is configured: every
     * webhook would be answered 401, which LiveKit never retries, so every event would be lost. {@code
     * webhook_secret_configured} is true only for a shared webhook secret (HMAC or Standard Webhooks), {@code
     * livekit_keys_configured} for LiveKit API keys.
     */
    static Map<String, Object> of(boolean databaseUp, Set<String> schemes) {
        return of(databaseUp, schemes, null);
    }

    /** What the spool holds: how many webhooks, and when the oldest arrived (null when none). */
    record Spooled(long events, Instant oldest) {
    }

    /**
     * {@link #of(boolean, Set)} with the spool's component when there is one: with the database down, a spool
     * that takes webhooks makes the status {@code DEGRADED} (answered 200: webhooks are still acknowledged, so a
     * load balancer should keep sending them here) rather than {@code DOWN}.
     */
    static Map<String, Object> of(boolean databaseUp, Set<String> schemes, Spooled spool) {
        boolean verifies = !schemes.isEmpty();
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("status", verifies ? "UP" : "DOWN");
        verification.put("details", Map.of("schemes", List.copyOf(schemes)));
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("db", Map.of("status", databaseUp ? "UP" : "DOWN"));
        components.put("webhookVerification", verification);
        if (spool != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("events", spool.events());
            details.put("oldest", spool.oldest() == null ? null : spool.oldest().toString());
            components.put("spool", Map.of("status", "UP", "details", details));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !verifies ? "DOWN" : databaseUp ? "UP" : spool != null ? "DEGRADED" : "DOWN");
        body.put("components", components);
        body.put("webhook_secret_configured", schemes.contains("hmac") || schemes.contains("standard-webhooks"));
        body.put("livekit_keys_configured", schemes.contains("livekit-jwt"));
        body.put("config_status", !verifies ? "no webhook verification configured: every webhook is rejected"
                : schemes.contains("insecure-none") ? "INSECURE: webhooks are accepted without verification" : "ok");
        return body;
    }
}
