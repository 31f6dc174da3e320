package dev.calloutcomes.servlet;

import dev.calloutcomes.internal.Identifiers;
import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.webhook.Verification;
import dev.calloutcomes.webhook.WebhookRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>What an unauthenticated sender costs is bounded, and an authentic webhook is never throttled
 * (LiveKit does not retry 4xx, so a throttled event would be lost):
 * <ul>
 *   <li>headers are verified first ({@link CallOutcomes#screen}): a request whose headers cannot be
 *       authentic (for LiveKit's scheme: a token that is missing, forged, expired or for an unknown
 *       key) is answered without its body being read, and its connection closed;</li>
 *   <li>a body is read only within a deadline ({@link Builder#bodyTimeout}, default 10 s) and, when
 *       the mapping supports asynchronous requests, without holding a thread (see {@link BoundedBody});</li>
 *   <li>every request that fails verification, or whose body is too large or too slow, spends one of
 *       its client address's tokens; an address without tokens gets 429 instead of 401 and no log
 *       line. Authentic webhooks spend nothing and are processed whatever their address's budget.</li>
 * </ul>
 * A 401 says only that verification failed; the reason goes to the log and
 * {@link WebhookMetrics#rejected}, so that an unauthenticated caller cannot probe which API keys exist.
 *
 * <p>Mount it with asynchronous support on (Jetty: {@code ServletHolder.setAsyncSupported(true)};
 * Tomcat: {@code Wrapper.setAsyncSupported(true)}; Spring's {@code ServletRegistrationBean} has it on).
 */
public final class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);

    private final transient CallOutcomes outcomes;
    /** The largest webhook body accepted by default: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** How long a body may take to arrive by default: 10 s. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final transient RateLimit rateLimit;
    private final transient WebhookMetrics metrics;
    private final Duration slowThreshold;

    private WebhookServlet(Builder b) {
        this.outcomes = b.outcomes;
        this.maxBodyBytes = b.maxBodyBytes;
        this.bodyTimeout = b.bodyTimeout;
        this.rateLimit = b.rateLimit;
        this.metrics = b.metrics;
        this.slowThreshold = b.slowThreshold;
    }

    public static Builder builder(CallOutcomes outcomes) {
        return new Builder(outcomes);
    }

    /** Refused: the default TRACE echoes the request's headers, credentials included. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Http.refusedTrace(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        if (!Http.path(request).isEmpty()) {
            Http.closeIfBodyUnread(request, response);
            Http.problem(response, 404, "Not Found", "POST webhooks to the mount point");
            finished(request, "not_found", started);
            return;
        }
        if (!MediaTypes.isJson(request.getContentType())) {
            Http.closeIfBodyUnread(request, response);
            Http.problem(response, 415, "Unsupported Media Type", "send application/webhook+json or application/json");
            finished(request, "unsupported_media_type", started);
            return;
        }
        Map<String, List<String>> headers = headers(request);
        Verification screened = outcomes.screen(headers);
        if (!screened.accepted()) {
            // Not authentic whatever its body: the body is not read, and the connection closes after the answer.
            Http.closeIfBodyUnread(request, response);
            finished(request, unauthenticated(request, response, screened.reason(), screened.scheme() + ": " + screened.detail()), started);
            return;
        }
        BoundedBody.read(request, maxBodyBytes, bodyTimeout,
                body -> finished(request, answer(request, response, headers, body), started),
                failure -> finished(request, unreadable(request, response, failure), started));
    }

    private void finished(HttpServletRequest request, String status, long started) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.webhook(status, took);
        if (took.compareTo(slowThreshold) > 0) {
            LOG.warn("webhook from {} took {} ms ({})", request.getRemoteAddr(), took.toMillis(), status);
        }
    }

    private String unreadable(HttpServletRequest request, HttpServletResponse response, BoundedBody.Failure failure)
            throws IOException {
        spendBudget(request);
        response.setHeader("Connection", "close");
        return switch (failure) {
            case TOO_LARGE -> {
                Http.problem(response, 413, "Content Too Large", "webhook bodies are limited to " + maxBodyBytes + " bytes");
                yield "too_large";
            }
            case TIMED_OUT -> {
                Http.problem(response, 408, "Request Timeout", "the body did not arrive within " + bodyTimeout.toSeconds() + " s");
                yield "body_timeout";
            }
            case BROKEN -> "broken";
        };
    }

    /**
     * A request that failed verification: 401 saying only that, with the precise reason in the log and
     * the metrics. An address that keeps sending such requests gets 429 instead, and no log line.
     */
    private String unauthenticated(HttpServletRequest request, HttpServletResponse response, RejectionReason reason,
                                   String detail) throws IOException {
        metrics.rejected(reason);
        long wait = spendBudget(request);
        if (wait > 0) {
            LOG.debug("webhook from {} rejected while over its budget: {}", request.getRemoteAddr(), reason);
            response.setHeader("Connection", "close");
            Http.tooManyRequests(response, wait);
            return "rate_limited";
        }
        LOG.warn("webhook from {} rejected: {} ({})", request.getRemoteAddr(), reason, Identifiers.forLog(detail));
        response.setHeader("WWW-Authenticate", "LiveKit-Webhook");
        Http.problem(response, 401, "Unauthorized", "webhook verification failed");
        return WebhookResult.Status.UNAUTHENTICATED.wireName();
    }

    /** Spends one of the client address's tokens for a failed request; the seconds it must wait, 0 while in budget. */
    private long spendBudget(HttpServletRequest request) {
        return rateLimit == null ? 0 : rateLimit.tryAcquire(request.getRemoteAddr());
    }

    private String answer(HttpServletRequest request, HttpServletResponse response, Map<String, List<String>> headers,
                          byte[] body) throws IOException {
        WebhookResult result;
        try {
            result = outcomes.handle(WebhookRequest.of(headers, body));
        } catch (StoreUnavailableException | ListenerFailedException e) {
            LOG.error("webhook not stored; answering 503 so that LiveKit retries: {}", e.getMessage());
            LOG.debug("webhook storage failure", e);
            response.setHeader("Retry-After", "5");
            Http.problem(response, 503, "Service Unavailable", "the event could not be stored; retry later");
            return "unavailable";
        } catch (InvalidInputException e) {
            // The database refuses even to keep it as failed (a host's constraint): retrying cannot help.
            LOG.error("webhook refused by the database and not stored: {}", e.getMessage());
            Http.problem(response, 400, "Bad Request", "the database refused the event: " + e.getMessage());
            return "refused";
        } catch (RuntimeException e) {
            LOG.error("webhook failed unexpectedly; answering 500 so that LiveKit retries", e);
            Http.problem(response, 500, "Internal Server Error", "the event could not be processed; retry later");
            return "error";
        }
        metrics.outcome(result);
        switch (result.status()) {
            case UNAUTHENTICATED -> {
                return unauthenticated(request, response, result.rejection(), result.message());
            }
            case MALFORMED -> Http.problem(response, 400, "Bad Request", result.message());
            case ACCEPTED, SPOOLED, UNATTRIBUTED -> Http.json(response, 202, body(result));
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
        boolean databaseUp;
        try {
            outcomes.checkStorage();
            databaseUp = true;
        } catch (StoreUnavailableException e) {
            databaseUp = false;
        }
        CallMaintenance maintenance = outcomes.maintenance();
        Map<String, Object> health = WebhookHealth.of(databaseUp, outcomes.verificationSchemes(), maintenance.spools()
                ? new WebhookHealth.Spooled(maintenance.spooledEvents(), maintenance.oldestSpooled().orElse(null)) : null);
        Http.json(response, "DOWN".equals(health.get("status")) ? 503 : 200, health);
    }

    /** Builds a {@link WebhookServlet}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final CallOutcomes outcomes;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private RateLimit rateLimit = RateLimit.of(20, 100);
        private WebhookMetrics metrics = WebhookMetrics.none();
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

        /**
         * How long a webhook's body may take to arrive, from the end of its headers; default 10 s.
         * A body still incomplete then is answered 408 and its connection closed.
         */
        public Builder bodyTimeout(Duration timeout) {
            requireNonNull(timeout, "bodyTimeout");
            require(timeout.compareTo(Duration.ofMillis(100)) >= 0 && timeout.compareTo(Duration.ofMinutes(5)) <= 0,
                    "bodyTimeout", timeout, "must be between 100 ms and 5 minutes");
            this.bodyTimeout = timeout;
            return this;
        }

        /**
         * Budget of failed requests (unverifiable, too large, too slow) per client address; default
         * 20/s with bursts of 100. Authentic webhooks never consume it and are never refused by it.
         */
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
