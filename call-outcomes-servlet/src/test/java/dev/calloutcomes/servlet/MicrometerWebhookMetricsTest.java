package dev.calloutcomes.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.outcome.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MicrometerWebhookMetricsTest {
    @Test
    void recordsTheSeedsMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerWebhookMetrics metrics = MicrometerWebhookMetrics.of(registry);
        metrics.webhook("processed", Duration.ofMillis(4));
        metrics.webhook("duplicate", Duration.ofMillis(1));
        metrics.webhook("duplicate", Duration.ofMillis(1));
        metrics.outcome(new WebhookResult(WebhookResult.Status.PROCESSED, "E", "C", Outcome.BUSY, null, "Outcome: busy"));
        metrics.outcome(new WebhookResult(WebhookResult.Status.IGNORED, "E2", null, null, null, "ignored"));
        assertThat(registry.counter("webhook_events_total", "status", "processed").count()).isEqualTo(1);
        assertThat(registry.counter("webhook_events_total", "status", "duplicate").count()).isEqualTo(2);
        assertThat(registry.counter("idempotency_hits_total").count()).isEqualTo(2);
        assertThat(registry.counter("outcome_total", "outcome", "busy").count()).isEqualTo(1);
        assertThat(registry.timer("processing_duration_seconds").count()).isEqualTo(3);
    }
}
