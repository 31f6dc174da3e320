package dev.calloutcomes.benchmarks;

import dev.calloutcomes.testing.WebhookSigner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drives GET requests against the query API as one tenant and prints throughput and latency
 * percentiles. {@code {id}} in the path is replaced by ids read from a file, in turn.
 *
 * <p>{@code java -cp benchmarks.jar dev.calloutcomes.benchmarks.ReadLoadGenerator --url http://127.0.0.1:8080/api
 * --tenant tenant-1 --path /calls/{id}/outcome --ids ids.txt --requests 20000 --concurrency 1 [--warmup 5000]}
 */
public final class ReadLoadGenerator {

    private ReadLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String url = LoadGenerator.arg(args, "--url", "http://127.0.0.1:8080/api");
        String tenant = LoadGenerator.arg(args, "--tenant", "acme");
        String secret = LoadGenerator.arg(args, "--api-jwt-secret", "demo-api-jwt-secret-change-me-0123456789");
        String path = LoadGenerator.arg(args, "--path", "/calls/{id}/outcome");
        String idsFile = LoadGenerator.arg(args, "--ids", null);
        int requests = Integer.parseInt(LoadGenerator.arg(args, "--requests", "20000"));
        int warmup = Integer.parseInt(LoadGenerator.arg(args, "--warmup", "5000"));
        int concurrency = Integer.parseInt(LoadGenerator.arg(args, "--concurrency", "1"));

        List<String> ids = idsFile == null ? List.of("-") : Files.readAllLines(Path.of(idsFile)).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        String token = WebhookSigner.tenantToken(secret, tenant, Clock.systemUTC(), Duration.ofHours(1));
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        byte[][] all = new byte[warmup + requests][];
        for (int i = 0; i < all.length; i++) {
            URI target = URI.create(url + path.replace("{id}", ids.get(i % ids.size())));
            all[i] = RawHttp.request("GET", target, headers, null);
        }
        URI base = URI.create(url);
        RawHttp.run(base, all, 0, warmup, concurrency);
        LoadGenerator.report("requests", RawHttp.run(base, all, warmup, requests, concurrency));
    }
}
