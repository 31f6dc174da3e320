package dev.calloutcomes.servlet;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.internal.JsonFields;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call API, mounted at {@code /calls/*}: {@code GET /calls} (filtered, paged),
 * {@code GET /calls/stats}, {@code GET /calls/{id}/outcome}, {@code POST /calls/{id}/facts} (a fact the host knows)
 * and {@code POST /calls} (register a call
 * before dialing). Every request acts for the tenant its {@link TenantAuthenticator} names; another
 * tenant's call is answered 404, as if absent. Thread-safe.
 */
public final class CallsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CallsServlet.class);

    /** Default bound on one list page's JSON: a page that would be larger ends early, with a cursor to the rest. */
    public static final int DEFAULT_MAX_PAGE_BYTES = 1 << 20;
    /** Default: list and stats requests one tenant may have running at once (more get 429). */
    public static final int DEFAULT_READS_PER_TENANT = 2;
    /** Default: list and stats requests running at once for all tenants together (more get 503 and Retry-After). */
    public static final int DEFAULT_READS_IN_ALL = 4;
    /** How long a list or stats read waits for a free slot before it is refused. */
    private static final Duration READ_SLOT_WAIT = Duration.ofSeconds(2);

    private final transient CallOutcomes outcomes;
    private final transient TenantAuthenticator authenticator;
    private final transient RateLimit rateLimit;
    private final transient Clock clock;
    private final transient ReadSlots reads;
    private final int maxPageBytes;

    private CallsServlet(Builder b) {
        this.outcomes = b.outcomes;
        this.authenticator = b.authenticator;
        this.rateLimit = b.rateLimit;
        this.clock = b.clock;
        this.reads = new ReadSlots(b.readsPerTenant, b.readsInAll, READ_SLOT_WAIT);
        this.maxPageBytes = b.maxPageBytes;
    }

    /** An API on {@code outcomes} whose callers {@code authenticator} identifies, with the defaults of {@link Builder}. */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator) {
        return builder(outcomes, authenticator).build();
    }

    /** As {@link #of(CallOutcomes, TenantAuthenticator)} with a given per-tenant rate limit. */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator, RateLimit perTenant) {
        return builder(outcomes, authenticator).rateLimit(perTenant).build();
    }

    /** As above, with the clock that sets the default stats window (the last 30 days). */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator, RateLimit perTenant, Clock clock) {
        return builder(outcomes, authenticator).rateLimit(perTenant).clock(clock).build();
    }

    /** A builder of an API on {@code outcomes} whose callers {@code authenticator} identifies. */
    public static Builder builder(CallOutcomes outcomes, TenantAuthenticator authenticator) {
        return new Builder(requireNonNull(outcomes, "outcomes"), requireNonNull(authenticator, "authenticator"));
    }

    /**
     * Builds a {@link CallsServlet}; each setter validates at once. Not thread-safe. Mount one instance wherever the
     * API is read ({@link DashboardServlet#of(CallsServlet)} reads through it), so one rate limit and one set of read
     * slots hold for a tenant everywhere.
     */
    public static final class Builder {
        private final CallOutcomes outcomes;
        private final TenantAuthenticator authenticator;
        private RateLimit rateLimit = RateLimit.of(50, 100);
        private Clock clock = Clock.systemUTC();
        private int readsPerTenant = DEFAULT_READS_PER_TENANT;
        private int readsInAll = DEFAULT_READS_IN_ALL;
        private int maxPageBytes = DEFAULT_MAX_PAGE_BYTES;

        private Builder(CallOutcomes outcomes, TenantAuthenticator authenticator) {
            this.outcomes = outcomes;
            this.authenticator = authenticator;
        }

        /** Requests per tenant; default 50/s, bursts of 100. */
        public Builder rateLimit(RateLimit perTenant) {
            this.rateLimit = requireNonNull(perTenant, "rateLimit");
            return this;
        }

        /** The clock that sets the default stats window (the last 30 days); default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * List and stats requests running at once: {@code perTenant} for one tenant, {@code inAll} for all tenants
         * together. A request that finds none free waits up to 2 s, then gets 429 (its tenant's are taken) or 503 with
         * Retry-After (everyone's are); defaults {@value CallsServlet#DEFAULT_READS_PER_TENANT}
         * and {@value CallsServlet#DEFAULT_READS_IN_ALL}.
         */
        public Builder concurrentReads(int perTenant, int inAll) {
            require(perTenant >= 1 && perTenant <= 1000, "concurrentReads.perTenant", perTenant, "must be between 1 and 1000");
            require(inAll >= perTenant && inAll <= 10_000, "concurrentReads.inAll", inAll, "must be between perTenant and 10000");
            this.readsPerTenant = perTenant;
            this.readsInAll = inAll;
            return this;
        }

        /** The bound on one list page's JSON; default {@value CallsServlet#DEFAULT_MAX_PAGE_BYTES} bytes (a page always holds one call). */
        public Builder maxPageBytes(int bytes) {
            require(bytes >= 4096 && bytes <= 64 << 20, "maxPageBytes", bytes, "must be between 4096 and 67108864");
            this.maxPageBytes = bytes;
            return this;
        }

        public CallsServlet build() {
            return new CallsServlet(this);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Http.refusedTrace(request, response)) {
            return;
        }
        Optional<String> tenant = authenticator.authenticate(request);
        if (tenant.isEmpty()) {
            Http.closeIfBodyUnread(request, response);
            response.setHeader("WWW-Authenticate", "Bearer");
            Http.problem(response, 401, "Unauthorized", "a valid API token is required");
            return;
        }
        long wait = rateLimit.tryAcquire(tenant.get());
        if (wait > 0) {
            Http.closeIfBodyUnread(request, response);
            Http.tooManyRequests(response, wait);
            return;
        }
        try {
            route(request, response, tenant.get());
        } catch (BadRequest | InvalidInputException e) {
            Http.problem(response, 400, "Bad Request", e.getMessage());
        } catch (StoreUnavailableException | ListenerFailedException e) {
            // The cause (Jdbi's exception) names the statement and its bound values: DEBUG only.
            LOG.error("call API request failed: {}", e.getMessage());
            LOG.debug("call API storage failure", e);
            response.setHeader("Retry-After", "5");
            Http.problem(response, 503, "Service Unavailable", "storage is unavailable; retry later");
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, String tenant) throws IOException {
        String path = Http.path(request);
        String method = request.getMethod();
        if ("POST".equals(method) && !MediaTypes.isJson(request.getContentType())) {
            // Only JSON: a cross-site form (text/plain, urlencoded, multipart) cannot register or report for a logged-in tenant.
            Http.closeIfBodyUnread(request, response);
            Http.problem(response, 415, "Unsupported Media Type", "the body must be application/json");
            return;
        }
        if (path.isEmpty() && "GET".equals(method)) {
            reading(response, tenant, () -> list(request, response, tenant));
        } else if (path.isEmpty() && "POST".equals(method)) {
            register(request, response, tenant);
        } else if ("/stats".equals(path) && "GET".equals(method)) {
            reading(response, tenant, () -> stats(request, response, tenant));
        } else if (path.matches("/[^/]+/outcome") && "GET".equals(method)) {
            String id = path.substring(1, path.length() - "/outcome".length());
            Optional<CallRecord> call = outcomes.findCall(tenant, id);
            if (call.isEmpty()) {
                Http.problem(response, 404, "Not Found", "no call " + id);
            } else {
                Http.json(response, 200, CallJson.call(call.get()));
            }
        } else if (path.matches("/[^/]+/facts") && "POST".equals(method)) {
            report(request, response, tenant, path.substring(1, path.length() - "/facts".length()));
        } else {
            Http.problem(response, 404, "Not Found", method + " " + (path.isEmpty() ? "/" : path) + " is not part of the call API");
        }
    }

    /**
     * The request's body, a JSON object of at most {@code kib} KiB; null when it was larger (413 answered).
     *
     * @throws BadRequest when it is not a JSON object
     */
    private static JsonNode jsonObject(HttpServletRequest request, HttpServletResponse response, int kib, String what) throws IOException {
        byte[] body = Http.readAtMost(request, kib * 1024);
        if (body == null) {
            Http.problem(response, 413, "Content Too Large", what + " are limited to " + kib + " KiB");
            return null;
        }
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("body must be a JSON object");
        }
        return json;
    }

    /** {@code POST /calls/{id}/facts}: a fact the host knows about its call ({@link CallOutcomes#report}). */
    private void report(HttpServletRequest request, HttpServletResponse response, String tenant, String callId) throws IOException {
        byte[] body = Http.readAtMost(request, 16 * 1024);
        if (body == null) {
            Http.problem(response, 413, "Content Too Large", "facts are limited to 16 KiB");
            return;
        }
        // A fact that cannot be taken is kept for operators before the 400 names what is wrong.
        Optional<CallRecord> call = outcomes.report(tenant, callId, body);
        if (call.isEmpty()) {
            Http.problem(response, 404, "Not Found", "no call " + callId);
        } else {
            Http.json(response, 200, CallJson.call(call.get()));
        }
    }

    private void stats(HttpServletRequest request, HttpServletResponse response, String tenant) throws IOException {
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        Instant now = clock.instant();
        StatsQuery query = new StatsQuery(tenant, from != null ? from : now.minusSeconds(30L * 86400), to != null ? to : now,
                StatsQuery.GroupBy.fromWireName(Optional.ofNullable(request.getParameter("groupBy")).orElse("outcome")));
        String simulated = request.getParameter("simulated");
        if (simulated != null && !simulated.equals("include") && !simulated.equals("exclude")) {
            throw new BadRequest("simulated must be include or exclude");
        }
        query = "include".equals(simulated) ? query.withSimulated() : query;
        String direction = request.getParameter("direction");
        query = query.withCampaignId(request.getParameter("campaign")).withAgent(request.getParameter("agent"))
                .withDirection(direction == null ? null : CallDirection.fromWireName(direction));
        Http.json(response, 200, CallJson.stats(outcomes.stats(query)));
    }

    /**
     * Runs a list or stats read in one of the tenant's read slots, waiting up to {@link #READ_SLOT_WAIT} (2 s) for one;
     * then 429 (the tenant's are taken) or 503 (everyone's are).
     */
    private void reading(HttpServletResponse response, String tenant, Read read) throws IOException {
        ReadSlots.Slot slot;
        try {
            slot = reads.acquire(tenant);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = ReadSlots.Slot.ALL_BUSY;
        }
        if (slot == ReadSlots.Slot.TENANT_BUSY) {
            Http.tooManyRequests(response, 1);
            return;
        }
        if (slot == ReadSlots.Slot.ALL_BUSY) {
            response.setHeader("Retry-After", "1");
            Http.problem(response, 503, "Service Unavailable", "too many reads at once; retry shortly");
            return;
        }
        try {
            read.run();
        } finally {
            reads.release(tenant);
        }
    }

    @FunctionalInterface
    private interface Read {
        void run() throws IOException;
    }

    private void list(HttpServletRequest request, HttpServletResponse response, String tenant) throws IOException {
        CallQuery q = CallQuery.forTenant(tenant);
        String v;
        if ((v = request.getParameter("agent")) != null) {
            q = q.withAgent(v);
        }
        if ((v = request.getParameter("disposition")) != null) {
            q = q.withDisposition(Disposition.fromWireName(v));
        }
        if ((v = request.getParameter("outcome")) != null) {
            q = q.withOutcome(Outcome.fromWireName(v));
        }
        if ((v = request.getParameter("status")) != null) {
            q = q.withStatus(CallStatus.fromWireName(v));
        }
        if ((v = request.getParameter("direction")) != null) {
            q = q.withDirection(CallDirection.fromWireName(v));
        }
        q = q.withCampaignId(request.getParameter("campaign"))
                .withPhoneNumber(request.getParameter("phone")).withRoomName(request.getParameter("room"))
                .withRange(instant(request, "from"), instant(request, "to"));
        if ((v = request.getParameter("limit")) != null) {
            try {
                q = q.withLimit(Integer.parseInt(v));
            } catch (NumberFormatException | InvalidInputException e) {
                throw new BadRequest("limit must be a positive whole number");
            }
        }
        if ((v = request.getParameter("cursor")) != null) {
            q = q.withCursor(CallQuery.Cursor.decode(v));
        }
        CallPages.write(response, outcomes, q, maxPageBytes);
    }


    private void register(HttpServletRequest request, HttpServletResponse response, String tenant) throws IOException {
        JsonNode json = jsonObject(request, response, 64, "registrations");
        if (json == null) {
            return;
        }
        JsonNode metadata = json.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BadRequest("metadata must be a JSON object");
        }
        CallRegistration registration = new CallRegistration(tenant, text(json, "roomName"), text(json, "phoneNumber"),
                direction(text(json, "direction")), text(json, "campaignId"), text(json, "leadId"),
                metadata == null || metadata.isNull() ? null : metadata.toString(), text(json, "sipCallId"));
        CallRecord call = outcomes.registerCall(registration);
        response.setHeader("Location", request.getRequestURI().replaceAll("/$", "") + "/" + call.id() + "/outcome");
        Http.json(response, 201, CallJson.call(call));
    }

    private static CallDirection direction(String wireName) {
        return wireName == null ? null : CallDirection.fromWireName(wireName);
    }

    private static String text(JsonNode json, String field) {
        return JsonFields.text(json, field, BadRequest::new);
    }

    private static Instant instant(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " must be an ISO-8601 instant such as 2026-11-24T00:00:00Z");
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
