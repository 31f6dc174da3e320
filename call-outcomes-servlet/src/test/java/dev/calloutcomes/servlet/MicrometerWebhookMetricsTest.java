package dev.calloutcomes.servlet;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.webhook.WebhookRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrometerWebhookMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerWebhookMetrics metrics = MicrometerWebhookMetrics.of(registry);

    @Test
    void recordsWebhooksUnderOnePrefix() {
        metrics.webhook("processed", Duration.ofMillis(4));
        metrics.webhook("duplicate", Duration.ofMillis(1));
        metrics.webhook("duplicate", Duration.ofMillis(1));
        metrics.rejected(RejectionReason.BAD_SIGNATURE);
        assertThat(registry.counter("calloutcomes.webhook.events", "status", "processed").count()).isEqualTo(1);
        assertThat(registry.counter("calloutcomes.webhook.events", "status", "duplicate").count()).isEqualTo(2);
        assertThat(registry.counter("calloutcomes.webhook.idempotency.hits").count()).isEqualTo(2);
        assertThat(registry.counter("calloutcomes.webhook.rejections", "reason", "bad_signature").count()).isEqualTo(1);
        assertThat(registry.timer("calloutcomes.webhook.processing").count()).isEqualTo(3);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).allMatch(n -> n.startsWith("calloutcomes."));
    }

    @Test
    void countsOutcomesPerCallWhenDecidedOrChangedNotPerEvent() {
        CallOutcomes outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory(Fixtures.CLOCK)).clock(Fixtures.CLOCK)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(Fixtures.CLOCK).build())
                .listener(metrics).build();
        // Six events each (every one delivered twice) of a completed, a voicemail and a busy call.
        for (Outcome ending : List.of(Outcome.COMPLETED, Outcome.VOICEMAIL, Outcome.BUSY)) {
            for (byte[] event : SyntheticCalls.call("acme", ending.ordinal(), ending, 1_764_000_000L)) {
                handle(outcomes, event);
                handle(outcomes, event); // LiveKit redelivers
            }
        }
        assertThat(outcomeCount("completed")).isEqualTo(1);
        assertThat(outcomeCount("voicemail")).isEqualTo(1);
        assertThat(outcomeCount("busy")).isEqualTo(1);
        // The host's answering-machine detection changes the completed call's outcome: counted once more, as voicemail.
        String completed = outcomes.queryCalls(CallQuery.forTenant("acme").withOutcome(Outcome.COMPLETED)).items().get(0).id();
        CallFact vm = new CallFact.MachineDetection(CallFact.MachineDetection.Verdict.MACHINE_VM);
        outcomes.report("acme", completed, "amd-1", vm);
        outcomes.report("acme", completed, "amd-1", vm); // the same fact again changes nothing
        assertThat(outcomeCount("completed")).isEqualTo(1);
        assertThat(outcomeCount("voicemail")).isEqualTo(2);
    }

    private double outcomeCount(String outcome) {
        return registry.find("calloutcomes.calls.outcomes").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void handle(CallOutcomes outcomes, byte[] body) {
        String token = WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, Fixtures.CLOCK, Duration.ofMinutes(5));
        outcomes.handle(WebhookRequest.of(Map.of("Authorization", List.of(token)), body));
    }

}
