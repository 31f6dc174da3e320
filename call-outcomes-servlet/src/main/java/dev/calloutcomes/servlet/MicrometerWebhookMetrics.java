package dev.calloutcomes.servlet;

import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.webhook.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * The seed's metrics on Micrometer (an optional dependency: add micrometer-core to use this class):
 * {@code webhook_events_total{status}}, {@code processing_duration_seconds},
 * {@code idempotency_hits_total} and {@code outcome_total{outcome}}; and why webhooks failed verification,
 * {@code webhook_rejections_total{reason}}. Thread-safe.
 */
public final class MicrometerWebhookMetrics implements WebhookMetrics {
    private final MeterRegistry registry;
    private final Timer processing;
    private final Counter idempotencyHits;

    private MicrometerWebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder("processing_duration_seconds").description("Webhook processing time").register(registry);
        this.idempotencyHits = Counter.builder("idempotency_hits_total").description("Duplicate webhook deliveries").register(registry);
    }

    public static MicrometerWebhookMetrics of(MeterRegistry registry) {
        return new MicrometerWebhookMetrics(registry);
    }

    @Override
    public void webhook(String status, Duration duration) {
        registry.counter("webhook_events_total", "status", status).increment();
        processing.record(duration);
        if ("duplicate".equals(status)) {
            idempotencyHits.increment();
        }
    }

    @Override
    public void rejected(RejectionReason reason) {
        registry.counter("webhook_rejections_total", "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void outcome(WebhookResult result) {
        if (result.outcome() != null) {
            registry.counter("outcome_total", "outcome", result.outcome().wireName()).increment();
        }
    }
}
