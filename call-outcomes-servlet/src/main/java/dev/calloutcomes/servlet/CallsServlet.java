package dev.calloutcomes.servlet;

import static dev.calloutcomes.internal.Checks.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.internal.JsonFields;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.InvalidQueryException;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final transient CallOutcomes outcomes;
    private final transient TenantAuthenticator authenticator;
    private final transient RateLimit rateLimit;
    private final transient Clock clock;

    private CallsServlet(CallOutcomes outcomes, TenantAuthenticator authenticator, RateLimit rateLimit, Clock clock) {
        this.outcomes = outcomes;
        this.authenticator = authenticator;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    /** An API on {@code outcomes} whose callers {@code authenticator} identifies; 50 requests/s per tenant (bursts of 100). */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator) {
        return of(outcomes, authenticator, RateLimit.of(50, 100));
    }

    /** As {@link #of(CallOutcomes, TenantAuthenticator)} with a given per-tenant rate limit. */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator, RateLimit perTenant) {
        return of(outcomes, authenticator, perTenant, Clock.systemUTC());
    }

    /** As above, with the clock that sets the default stats window (the last 30 days). */
    public static CallsServlet of(CallOutcomes outcomes, TenantAuthenticator authenticator, RateLimit perTenant, Clock clock) {
        return new CallsServlet(requireNonNull(outcomes, "outcomes"), requireNonNull(authenticator, "authenticator"),
                requireNonNull(perTenant, "perTenant"), requireNonNull(clock, "clock"));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        if (path.isEmpty() && "GET".equals(method)) {
            list(request, response, tenant);
        } else if (path.isEmpty() && "POST".equals(method)) {
            register(request, response, tenant);
        } else if ("/stats".equals(path) && "GET".equals(method)) {
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

    private void list(HttpServletRequest request, HttpServletResponse response, String tenant) throws IOException {
        CallQuery q = CallQuery.forTenant(tenant);
        String v;
        if ((v = request.getParameter("agent")) != null) {
            q = q.withAgent(v);
        }
        if ((v = request.getParameter("disposition")) != null) {
            q = q.withDisposition(dev.calloutcomes.outcome.Disposition.fromWireName(v));
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
            } catch (NumberFormatException | InvalidQueryException e) {
                throw new BadRequest("limit must be a positive whole number");
            }
        }
        if ((v = request.getParameter("cursor")) != null) {
            q = q.withCursor(CallQuery.Cursor.decode(v));
        }
        CallPage page = outcomes.queryCalls(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(CallJson::call).toList());
        body.put("nextCursor", page.next() == null ? null : page.next().encode());
        Http.json(response, 200, body);
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
