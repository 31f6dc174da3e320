package dev.calloutcomes.examples.faults;

import dev.calloutcomes.testing.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** Sends LiveKit-signed webhooks (demo credentials) to a server under test. */
final class Webhooks {
    static final String API_KEY = "APIdemoKey";
    static final String API_SECRET = "demo-livekit-secret-change-me-0123456789";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final HttpClient http;
    private final String base;

    Webhooks(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    /** The HTTP status, or -1 when the connection failed. */
    int post(byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/call_completed"))
                    .header("Content-Type", "application/webhook+json")
                    .header("Authorization", WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, Clock.systemUTC(), Duration.ofMinutes(5)))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The LiveKit event id of a body. */
    static String eventId(byte[] body) {
        try {
            return JSON.readTree(body).get("id").asText();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a LiveKit event", e);
        }
    }
}
