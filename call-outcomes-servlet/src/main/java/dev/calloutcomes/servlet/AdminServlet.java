package dev.calloutcomes.servlet;

import dev.calloutcomes.internal.Identifiers;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator endpoints, mounted at {@code /admin/*}: {@code POST /reprocess?tenant=&from=&to=} re-runs
 * classification, {@code POST /retry-failed?limit=} retries failed events, {@code POST /sweep?olderThan=PT2H}
 * closes stuck calls (never younger than {@link CallMaintenance#MIN_SWEEP_AGE}). Thread-safe.
 *
 * <p>Operators carry a credential of their own, never a tenant's: build the authenticator on a
 * secret (or an identity provider's role) that no tenant token can have, for example
 * {@code TenantAuthenticators.bearerToken(TenantTokenVerifier.builder().secret(operatorSecret).audience(TenantTokenVerifier.OPERATOR_AUDIENCE).build())}
 * with an operator secret distinct from the API's. Every name it returns is an operator; others get 401.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
    private static final int MAX_LIMIT = 100_000;

    private final transient CallMaintenance maintenance;
    private final transient TenantAuthenticator operators;

    private AdminServlet(CallMaintenance maintenance, TenantAuthenticator operators) {
        this.maintenance = maintenance;
        this.operators = operators;
    }

    /** Admin endpoints over {@code maintenance} for the callers {@code operators} authenticates with the operators' own credential. */
    public static AdminServlet of(CallMaintenance maintenance, TenantAuthenticator operators) {
        return new AdminServlet(requireNonNull(maintenance, "maintenance"), requireNonNull(operators, "operators"));
    }

    /** Refused: the default TRACE echoes the request's headers, credentials included. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Http.refusedTrace(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> operator = operators.authenticate(request);
        if (operator.isEmpty()) {
            Http.closeIfBodyUnread(request, response);
            response.setHeader("WWW-Authenticate", "Bearer");
            Http.problem(response, 401, "Unauthorized", "an operator token is required");
            return;
        }
        try {
            switch (Http.path(request)) {
                case "/reprocess" -> {
                    String tenant = required(request, "tenant");
                    Instant from = instant(request, "from");
                    Instant to = instant(request, "to");
                    LOG.info("operator {} reprocesses tenant {} in [{}, {})", Identifiers.forLog(operator.get()), Identifiers.forLog(tenant), from, to);
                    Http.json(response, 200, Map.of("reprocessedCalls", maintenance.reprocess(tenant, from, to)));
                }
                case "/retry-failed" -> Http.json(response, 200, Map.of("requeuedEvents",
                        maintenance.retryFailed(limit(request))));
                case "/sweep" -> {
                    Duration maxAge = olderThan(request);
                    Http.json(response, 200, Map.of("closedCalls", maintenance.sweepStuckCalls(maxAge, limit(request))));
                }
                default -> Http.problem(response, 404, "Not Found", "POST /reprocess, /retry-failed or /sweep");
            }
        } catch (BadParameter | InvalidInputException e) {
            Http.problem(response, 400, "Bad Request", e.getMessage());
        } catch (StoreUnavailableException | ListenerFailedException e) {
            LOG.error("admin request failed: {}", e.getMessage());
            LOG.debug("admin request failure", e);
            response.setHeader("Retry-After", "5");
            Http.problem(response, 503, "Service Unavailable", "storage is unavailable; retry later");
        }
    }

    private static String required(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            throw new BadParameter(name + " is required");
        }
        return v;
    }

    private static Instant instant(HttpServletRequest request, String name) {
        try {
            return Instant.parse(required(request, name));
        } catch (DateTimeParseException e) {
            throw new BadParameter(name + " must be an ISO-8601 instant such as 2026-11-24T00:00:00Z");
        }
    }

    private static Duration olderThan(HttpServletRequest request) {
        String v = request.getParameter("olderThan");
        Duration age;
        try {
            age = v == null ? Duration.ofHours(2) : Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadParameter("olderThan must be an ISO-8601 duration such as PT2H");
        }
        if (age.compareTo(CallMaintenance.MIN_SWEEP_AGE) < 0) {
            throw new BadParameter("olderThan must be at least " + CallMaintenance.MIN_SWEEP_AGE
                    + ": younger calls may still be ringing or in progress");
        }
        return age;
    }

    private static int limit(HttpServletRequest request) {
        String v = request.getParameter("limit");
        if (v == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message, null, false, false);
        }
    }
}
