package dev.calloutcomes.benchmarks;

import dev.calloutcomes.webhook.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives N distinct LiveKit-signed webhooks (each the ending of its own call: the
 * participant_left_answered_95s fixture re-addressed) at a fixed concurrency, and prints throughput
 * and latency percentiles. Bodies and tokens are prepared before the clock starts.
 *
 * <p>{@code java -cp benchmarks.jar dev.calloutcomes.benchmarks.LoadGenerator --url http://127.0.0.1:8080/api
 * --events 20000 --concurrency 32 [--warmup 2000] [--run-id X]}
 */
public final class LoadGenerator {
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentHashMap<>();

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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI target = URI.create(url + "/webhooks/call_completed");
        HttpRequest[] requests = new HttpRequest[warmup + events];
        for (int i = 0; i < requests.length; i++) {
            String tag = (i < warmup ? "w" : "") + runId + "_" + i;
            byte[] body = template.replace("sip-7678189426__1730000000__abc", "bench-" + tag)
                    .replace("RM_fxT5hQk2Lm9P", "RM_" + tag).replace("EV_fxLeftAnswrd", "EV_bench_" + tag)
                    .getBytes(StandardCharsets.UTF_8);
            requests[i] = HttpRequest.newBuilder(target).header("Content-Type", "application/webhook+json")
                    .header("Authorization", WebhookSigner.liveKitToken(apiKey, apiSecret, body, Clock.systemUTC(), Duration.ofMinutes(30)))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }
        run(http, requests, 0, warmup, concurrency);
        long[] latencies = new long[events];
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        run(http, requests, warmup, events, concurrency, latencies, failures);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("events %d, concurrency %d, %.1f s: throughput %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms, non-2xx %d%n", events, concurrency, seconds, events / seconds, pct(latencies, 50),
                pct(latencies, 90), pct(latencies, 99), latencies[latencies.length - 1] / 1e6, failures.get());
        if (!STATUSES.isEmpty()) {
            System.out.println("non-2xx by status (-1: connection failed): " + new java.util.TreeMap<>(STATUSES));
        }
    }

    private static void run(HttpClient http, HttpRequest[] requests, int from, int count, int concurrency) throws InterruptedException {
        run(http, requests, from, count, concurrency, new long[count], new AtomicInteger());
    }

    private static void run(HttpClient http, HttpRequest[] requests, int from, int count, int concurrency, long[] latencies,
                            AtomicInteger failures) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Thread[] threads = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            threads[t] = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    long began = System.nanoTime();
                    int status;
                    try {
                        status = http.send(requests[from + i], HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[i] = System.nanoTime() - began;
                    if (status / 100 != 2) {
                        failures.incrementAndGet();
                        STATUSES.merge(status, 1, Integer::sum);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
