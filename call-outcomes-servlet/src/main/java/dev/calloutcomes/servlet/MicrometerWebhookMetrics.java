package dev.calloutcomes.servlet;

import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.call.OutcomeListener.UnitOfWork;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's four measurements on Micrometer (an optional dependency: add micrometer-core to use this class),
 * named after Micrometer's conventions under one prefix, {@value #PREFIX}. Prometheus names in brackets:
 * <ul>
 * <li>{@code calloutcomes.webhook.events{status}} ({@code calloutcomes_webhook_events_total}): webhooks answered,
 *     by {@link dev.calloutcomes.WebhookResult.Status} wire name or an HTTP-level status ({@code unavailable},
 *     {@code too_large}, {@code rate_limited} ...);</li>
 * <li>{@code calloutcomes.webhook.processing} ({@code calloutcomes_webhook_processing_seconds_count/_sum/_max}):
 *     time from the request to the answer;</li>
 * <li>{@code calloutcomes.webhook.idempotency.hits} ({@code calloutcomes_webhook_idempotency_hits_total}):
 *     deliveries of an event stored before;</li>
 * <li>{@code calloutcomes.calls.outcomes{outcome,disposition}} ({@code calloutcomes_calls_outcomes_total}):
 *     calls whose outcome was first decided or changed, counted once per call and decision, not per event;</li>
 * <li>{@code calloutcomes.webhook.rejections{reason}} ({@code calloutcomes_webhook_rejections_total}): why
 *     webhooks failed verification.</li>
 * </ul>
 * Wire it twice: as the webhook servlet's metrics ({@code WebhookServlet.builder(outcomes).metrics(metrics)}) and
 * as a listener of the service ({@code CallOutcomes.builder().listener(metrics)}), which sees every decision,
 * asynchronous workers' and reprocessing's too. A decision counted in a unit of work that is then rolled back
 * (a storage failure) is counted again when LiveKit redelivers the event. Thread-safe.
 */
public final class MicrometerWebhookMetrics implements WebhookMetrics, OutcomeListener {
    /** The prefix of every meter's name. */
    public static final String PREFIX = "calloutcomes";

    private final MeterRegistry registry;
    private final Timer processing;
    private final Counter idempotencyHits;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();

    private MicrometerWebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder(PREFIX + ".webhook.processing")
                .description("Time from a webhook's request to its answer").register(registry);
        this.idempotencyHits = Counter.builder(PREFIX + ".webhook.idempotency.hits")
                .description("Deliveries of an event stored before").register(registry);
    }

    public static MicrometerWebhookMetrics of(MeterRegistry registry) {
        return new MicrometerWebhookMetrics(requireNonNull(registry, "registry"));
    }

    @Override
    public void webhook(String status, Duration duration) {
        // One counter per status (a few words), built once: this runs for every webhook.
        events.computeIfAbsent(status, s -> Counter.builder(PREFIX + ".webhook.events").description("Webhooks answered, by status")
                .tag("status", s).register(registry)).increment();
        processing.record(duration);
        if ("duplicate".equals(status)) {
            idempotencyHits.increment();
        }
    }

    @Override
    public void rejected(RejectionReason reason) {
        Counter.builder(PREFIX + ".webhook.rejections").description("Webhooks that failed verification, by reason")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Counts the call's outcome when this change decided it first or changed it. */
    @Override
    public void onCallUpdated(CallChange change, UnitOfWork work) {
        if (change.outcomeChanged()) {
            Counter.builder(PREFIX + ".calls.outcomes").description("Calls whose outcome was decided or changed")
                    .tag("outcome", change.after().verdict().outcome().wireName())
                    .tag("disposition", change.after().verdict().disposition() == null ? "none" : change.after().verdict().disposition().wireName())
                    .register(registry).increment();
        }
    }
}
