package dev.calloutcomes.benchmarks;

import dev.calloutcomes.testing.WebhookSigner;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Drives N distinct LiveKit-signed webhooks (each the ending of its own call: the
 * participant_left_answered_95s fixture re-addressed) at a fixed concurrency, and prints throughput
 * and latency percentiles. Requests are serialized before the clock starts and sent over plain
 * keep-alive sockets ({@link RawHttp}), so that the generator spends as little of the shared CPU as it can.
 *
 * <p>{@code java -cp benchmarks.jar dev.calloutcomes.benchmarks.LoadGenerator --url http://127.0.0.1:8080/api
 * --events 20000 --concurrency 32 [--warmup 2000] [--run-id X]}
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8080/api");
        int events = Integer.parseInt(arg(args, "--events", "20000"));
        int concurrency = Integer.parseInt(arg(args, "--concurrency", "32"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "2000"));
        String runId = arg(args, "--run-id", Long.toString(System.currentTimeMillis()));
        String apiKey = arg(args, "--livekit-api-key", "APIdemoKey");
        String apiSecret = arg(args, "--livekit-api-secret", "demo-livekit-secret-change-me-0123456789");

        String template;
        try (InputStream in = LoadGenerator.class.getResourceAsStream("/participant_left_answered_95s.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        URI target = URI.create(url + "/webhooks/call_completed");
        byte[][] requests = new byte[warmup + events][];
        for (int i = 0; i < requests.length; i++) {
            String tag = (i < warmup ? "w" : "") + runId + "_" + i;
            byte[] body = template.replace("sip-7678189426__1730000000__abc", "bench-" + tag)
                    .replace("RM_fxT5hQk2Lm9P", "RM_" + tag).replace("EV_fxLeftAnswrd", "EV_bench_" + tag)
                    .getBytes(StandardCharsets.UTF_8);
            String token = WebhookSigner.liveKitToken(apiKey, apiSecret, body, Clock.systemUTC(), Duration.ofMinutes(30));
            requests[i] = RawHttp.request("POST", target, Map.of("Content-Type", "application/webhook+json",
                    "Authorization", token), body);
        }
        boolean blocking = arg(args, "--client", "nio").equals("blocking");
        RawHttp.Run warm = blocking ? RawHttp.run(target, requests, 0, warmup, concurrency)
                : NioHttp.run(target, requests, 0, warmup, concurrency);
        RawHttp.Run run = blocking ? RawHttp.run(target, requests, warmup, events, concurrency)
                : NioHttp.run(target, requests, warmup, events, concurrency);
        report("events", run);
        if (warm.failures() > 0) {
            System.out.println("warm-up non-2xx: " + warm.statuses());
        }
    }

    static void report(String what, RawHttp.Run run) {
        long[] latencies = run.latencies().clone();
        Arrays.sort(latencies);
        System.out.printf("%s %d, concurrency %d, %.1f s: throughput %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms, non-2xx %d%n", what, latencies.length, run.concurrency(), run.seconds(),
                latencies.length / run.seconds(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies[latencies.length - 1] / 1e6, run.failures());
        if (run.failures() > 0) {
            System.out.println("non-2xx by status (-1: connection failed): " + run.statuses());
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
