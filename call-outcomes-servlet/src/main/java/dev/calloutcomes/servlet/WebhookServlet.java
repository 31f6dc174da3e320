package dev.calloutcomes.servlet;

import static dev.calloutcomes.InvalidConfigurationException.require;
import static dev.calloutcomes.InvalidConfigurationException.requireNonNull;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.ListenerFailedException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.webhook.WebhookRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LiveKit webhook endpoint. Mount it at {@code /webhooks/call_completed/*}:
 * {@code POST} (the mount point) takes a webhook, {@code GET /health} reports readiness. All logic is
 * in {@link CallOutcomes}; this class only translates HTTP. Thread-safe.
 *
 * <p>Answers: 200 processed / duplicate / ignored; 202 accepted (asynchronous mode) or unattributed
 * (kept for inspection); 400
 * malformed (kept); 401 unverifiable; 413 too large; 415 wrong content type; 429 rate limited;
 * 503 with {@code Retry-After} when storage is unavailable or a listener failed, so LiveKit retries.
 *
 * <p>Rate limiting: LiveKit does not retry 4xx, so throttling authentic webhooks would lose events.
 * Only answers in the 4xx range (unverifiable, malformed, too large ...) consume a client
 * address's budget; an address that has exhausted it gets 429 before its requests are verified.
 */
public final class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);

    private final transient CallOutcomes outcomes;
    private final int maxBodyBytes;
    private final transient RateLimit rateLimit;
    private final transient WebhookMetrics metrics;
    private final boolean verificationConfigured;
    private final Duration slowThreshold;

    private WebhookServlet(Builder b) {
        this.outcomes = b.outcomes;
        this.maxBodyBytes = b.maxBodyBytes;
        this.rateLimit = b.rateLimit;
        this.metrics = b.metrics;
        this.verificationConfigured = b.verificationConfigured;
        this.slowThreshold = b.slowThreshold;
    }

    public static Builder builder(CallOutcomes outcomes) {
        return new Builder(outcomes);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Http.path(request).isEmpty()) {
            Http.discardBody(request, maxBodyBytes);
            Http.problem(response, 404, "Not Found", "POST webhooks to the mount point");
            return;
        }
        long started = System.nanoTime();
        String status = receive(request, response);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.webhook(status, took);
        if (took.compareTo(slowThreshold) > 0) {
            LOG.warn("webhook took {} ms ({})", took.toMillis(), status);
        }
    }

    private String receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (rateLimit != null) {
            long wait = rateLimit.waitIfExhausted(request.getRemoteAddr());
            if (wait > 0) {
                // A throttled client's body is not worth reading: the connection closes instead, and says so.
                Http.closeIfBodyUnread(request, response);
                Http.tooManyRequests(response, wait);
                return "rate_limited";
            }
        }
        String status = answer(request, response);
        if (rateLimit != null && response.getStatus() / 100 == 4) {
            LOG.debug("answered {} ({}) to {}: spends its rate budget", response.getStatus(), status, request.getRemoteAddr());
            rateLimit.tryAcquire(request.getRemoteAddr());
        }
        return status;
    }

    private String answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/webhook+json") && !type.startsWith("application/json")) {
            Http.discardBody(request, maxBodyBytes);
            Http.problem(response, 415, "Unsupported Media Type", "send application/webhook+json or application/json");
            return "unsupported_media_type";
        }
        byte[] body = Http.readAtMost(request, maxBodyBytes);
        if (body == null) {
            Http.problem(response, 413, "Content Too Large", "webhook bodies are limited to " + maxBodyBytes + " bytes");
            return "too_large";
        }
        WebhookResult result;
        try {
            result = outcomes.handle(WebhookRequest.of(headers(request), body));
        } catch (StoreUnavailableException | ListenerFailedException e) {
            LOG.error("webhook not stored; answering 503 so that LiveKit retries", e);
            response.setHeader("Retry-After", "5");
            Http.problem(response, 503, "Service Unavailable", "the event could not be stored; retry later");
            return "unavailable";
        } catch (RuntimeException e) {
            LOG.error("webhook failed unexpectedly; answering 500 so that LiveKit retries", e);
            Http.problem(response, 500, "Internal Server Error", "the event could not be processed; retry later");
            return "error";
        }
        metrics.outcome(result);
        switch (result.status()) {
            case UNAUTHENTICATED -> Http.problem(response, 401, "Unauthorized", "webhook verification failed: "
                    + result.rejection().name().toLowerCase(Locale.ROOT) + " (" + result.message() + ")");
            case MALFORMED -> Http.problem(response, 400, "Bad Request", result.message());
            case ACCEPTED, UNATTRIBUTED -> Http.json(response, 202, body(result));
            default -> Http.json(response, 200, body(result));
        }
        return result.status().wireName();
    }

    private static Map<String, Object> body(WebhookResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.status().wireName());
        body.put("event_id", result.eventId());
        body.put("call_id", result.callId());
        body.put("outcome", result.outcome() == null ? null : result.outcome().wireName());
        body.put("message", result.message());
        return body;
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/health".equals(Http.path(request))) {
            Http.problem(response, 404, "Not Found", "GET /health, or POST webhooks to the mount point");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        boolean databaseUp;
        try {
            outcomes.store().checkAvailable();
            databaseUp = true;
        } catch (StoreUnavailableException e) {
            databaseUp = false;
        }
        body.put("status", databaseUp ? "healthy" : "unhealthy");
        body.put("webhook_secret_configured", verificationConfigured);
        body.put("config_status", verificationConfigured ? "ok" : "no webhook verification configured: every webhook is rejected");
        body.put("database", databaseUp ? "reachable" : "unreachable");
        Http.json(response, databaseUp ? 200 : 503, body);
    }

    /** Builds a {@link WebhookServlet}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final CallOutcomes outcomes;
        private int maxBodyBytes = 1 << 20;
        private RateLimit rateLimit = RateLimit.of(20, 100);
        private WebhookMetrics metrics = WebhookMetrics.none();
        private boolean verificationConfigured = true;
        private Duration slowThreshold = Duration.ofMillis(100);

        private Builder(CallOutcomes outcomes) {
            this.outcomes = requireNonNull(outcomes, "outcomes");
        }

        /** Largest body accepted; default 1 MiB. */
        public Builder maxBodyBytes(int bytes) {
            require(bytes >= 1024 && bytes <= 64 << 20, "maxBodyBytes", bytes, "must be between 1 KiB and 64 MiB");
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Budget of 4xx answers per client address; default 20/s with bursts of 100. Authentic webhooks never consume it. */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = requireNonNull(limit, "rateLimit");
            return this;
        }

        /** Turns rate limiting off (for example behind a proxy where every request has one address). */
        public Builder withoutRateLimit() {
            this.rateLimit = null;
            return this;
        }

        public Builder metrics(WebhookMetrics metrics) {
            this.metrics = requireNonNull(metrics, "metrics");
            return this;
        }

        /** Whether a verification scheme is configured, as the health endpoint reports it; default true. */
        public Builder verificationConfigured(boolean configured) {
            this.verificationConfigured = configured;
            return this;
        }

        /** Processing slower than this is logged as a warning; default 100 ms. */
        public Builder slowThreshold(Duration threshold) {
            this.slowThreshold = requireNonNull(threshold, "slowThreshold");
            return this;
        }

        public WebhookServlet build() {
            return new WebhookServlet(this);
        }
    }
}
