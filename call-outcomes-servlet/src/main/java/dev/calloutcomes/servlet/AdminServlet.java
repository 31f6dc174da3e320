package dev.calloutcomes.servlet;

import static dev.calloutcomes.InvalidConfigurationException.requireNonNull;

import dev.calloutcomes.CallMaintenance;
import dev.calloutcomes.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Operator endpoints, mounted at {@code /admin/*}: {@code POST /reprocess?tenant=&from=&to=} re-runs
 * classification, {@code POST /retry-failed?limit=} retries failed events, {@code POST /sweep?olderThan=PT2H}
 * closes stuck calls. Every request must pass {@code isAdmin} (for example a bearer token whose
 * tenant claim is an operator's); others get 401. Thread-safe.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CallMaintenance maintenance;
    private final transient Predicate<HttpServletRequest> isAdmin;

    private AdminServlet(CallMaintenance maintenance, Predicate<HttpServletRequest> isAdmin) {
        this.maintenance = maintenance;
        this.isAdmin = isAdmin;
    }

    /** Admin endpoints over {@code maintenance}; {@code admins} names the operators among authenticated callers. */
    public static AdminServlet of(CallMaintenance maintenance, TenantAuthenticator authenticator, java.util.Set<String> admins) {
        requireNonNull(authenticator, "authenticator");
        java.util.Set<String> allowed = java.util.Set.copyOf(admins);
        return new AdminServlet(requireNonNull(maintenance, "maintenance"),
                request -> authenticator.authenticate(request).filter(allowed::contains).isPresent());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isAdmin.test(request)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Http.problem(response, 401, "Unauthorized", "an operator token is required");
            return;
        }
        try {
            switch (Http.path(request)) {
                case "/reprocess" -> {
                    String tenant = request.getParameter("tenant");
                    if (tenant == null || tenant.isBlank()) {
                        Http.problem(response, 400, "Bad Request", "tenant is required");
                        return;
                    }
                    Instant from = Instant.parse(request.getParameter("from"));
                    Instant to = Instant.parse(request.getParameter("to"));
                    Http.json(response, 200, Map.of("reprocessedCalls", maintenance.reprocess(tenant, from, to)));
                }
                case "/retry-failed" -> Http.json(response, 200, Map.of("requeuedEvents",
                        maintenance.retryFailed(intParam(request, "limit", 1000))));
                case "/sweep" -> {
                    String age = request.getParameter("olderThan");
                    Duration maxAge = age == null ? Duration.ofHours(2) : Duration.parse(age);
                    Http.json(response, 200, Map.of("closedCalls", maintenance.sweepStuckCalls(maxAge, intParam(request, "limit", 1000))));
                }
                default -> Http.problem(response, 404, "Not Found", "POST /reprocess, /retry-failed or /sweep");
            }
        } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
            Http.problem(response, 400, "Bad Request", "from/to must be ISO-8601 instants, olderThan an ISO-8601 duration, limit a positive number");
        } catch (StoreUnavailableException e) {
            response.setHeader("Retry-After", "5");
            Http.problem(response, 503, "Service Unavailable", "storage is unavailable; retry later");
        }
    }

    private static int intParam(HttpServletRequest request, String name, int fallback) {
        String v = request.getParameter(name);
        int n = v == null ? fallback : Integer.parseInt(v);
        if (n < 1 || n > 100_000) {
            throw new IllegalArgumentException(name + " out of range");
        }
        return n;
    }
}
