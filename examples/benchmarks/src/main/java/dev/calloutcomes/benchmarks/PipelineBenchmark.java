package dev.calloutcomes.benchmarks;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.webhook.HmacSignatureVerifier;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.StandardWebhooksVerifier;
import dev.calloutcomes.webhook.Verification;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verify (each scheme) + parse + classify of the participant_left_answered_95s fixture, per thread.
 * Classification is the same pure projection {@code CallOutcomes.handle} applies to a call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    private WebhookVerifier liveKit;
    private WebhookVerifier hmac;
    private WebhookVerifier standard;
    private WebhookRequest liveKitRequest;
    private WebhookRequest hmacRequest;
    private WebhookRequest standardRequest;
    private CallOutcomes outcomes;
    private CallRecord skeleton;
    private LiveKitEvent parsed;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PipelineBenchmark.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    @Setup
    public void setUp() throws IOException {
        byte[] body = resource("participant_left_answered_95s.json");
        String auth = new String(resource("participant_left_answered_95s.authorization"), StandardCharsets.US_ASCII).strip();
        String sig = new String(resource("participant_left_answered_95s.x-livekit-signature"), StandardCharsets.US_ASCII).strip();
        liveKit = LiveKitTokenVerifier.builder().key("APIfixtureKey", "fixture-secret-0123456789abcdef0123456789").clock(clock).build();
        hmac = HmacSignatureVerifier.builder().secret("seed-webhook-secret").build();
        standard = StandardWebhooksVerifier.builder().secret(WHSEC).clock(clock).build();
        long now = clock.millis() / 1000;
        liveKitRequest = WebhookRequest.ofSingle(Map.of("Authorization", auth), body);
        hmacRequest = WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature", sig), body);
        standardRequest = WebhookRequest.ofSingle(Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", WebhookSigner.standardWebhooks(WHSEC, "msg_1", now, body)), body);
        outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory()).build();
        skeleton = CallRecord.skeleton("call", "tenant", null, null, clock.instant());
        parsed = outcomes.parser().parse(body);
        if (pipeline(liveKit, liveKitRequest).verdict().outcome() == null) {
            throw new IllegalStateException("the fixture must classify");
        }
    }

    private CallRecord pipeline(WebhookVerifier verifier, WebhookRequest request) {
        Verification v = verifier.verify(request);
        if (!v.accepted()) {
            throw new IllegalStateException(v.detail());
        }
        LiveKitEvent event = outcomes.parser().parse(request.body());
        return outcomes.project(skeleton, List.of(event));
    }

    @Benchmark
    public CallRecord liveKitJwt() {
        return pipeline(liveKit, liveKitRequest);
    }

    @Benchmark
    public CallRecord hmacHeader() {
        return pipeline(hmac, hmacRequest);
    }

    @Benchmark
    public CallRecord standardWebhooks() {
        return pipeline(standard, standardRequest);
    }

    @Benchmark
    public Verification liveKitVerifyOnly() {
        return liveKit.verify(liveKitRequest);
    }

    @Benchmark
    public CallRecord classifyOnly() {
        return outcomes.project(skeleton, List.of(parsed));
    }

    @Benchmark
    public LiveKitEvent parseOnly() {
        return outcomes.parser().parse(liveKitRequest.body());
    }
}
