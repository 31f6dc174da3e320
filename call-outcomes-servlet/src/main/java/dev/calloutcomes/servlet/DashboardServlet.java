package dev.calloutcomes.servlet;

import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.InvalidConfigurationException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/**
 * The outcomes dashboard, mounted at {@code /dashboard/*}: one page (outcomes per day, answer rate and average
 * duration over time, outcomes by campaign and by agent, the latest calls with their outcome, reason and recording),
 * drawn with Apache ECharts from its WebJar. Nothing to build: the page, its script and the chart library are served
 * from the classpath.
 *
 * <p>Its data comes from {@code <mount>/api/calls} and {@code <mount>/api/calls/stats}, the call API's own read
 * routes behind the same {@link TenantAuthenticator}: a tenant sees its own calls only, as in the API. The page holds
 * no data; with bearer tokens it asks for one (or takes it from the URL's fragment, {@code #token=...}, which browsers
 * never send) and keeps it in the tab's session storage; with the host's own login (cookies, Spring Security) it
 * needs nothing. Read-only: it answers GET only. Thread-safe.
 */
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String PAGE = "/dev/calloutcomes/servlet/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final transient CallsServlet api;
    private final transient Map<String, String> files;

    private DashboardServlet(CallsServlet api, String charts) {
        this.api = api;
        this.files = Map.of("", PAGE + "index.html", "/dashboard.js", PAGE + "dashboard.js",
                "/dashboard.css", PAGE + "dashboard.css", "/echarts.min.js", charts);
    }

    /**
     * A dashboard that reads through {@code api}, the call API the host mounts: the same authentication, the same
     * per-tenant rate limit and read slots, so a tenant throttled on the API is throttled here too.
     */
    public static DashboardServlet of(CallsServlet api) {
        return new DashboardServlet(requireNonNull(api, "api"), chartLibrary());
    }

    /** Refused: the default TRACE echoes the request's headers, credentials included. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Http.refusedTrace(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String path = Http.path(request);
        if (path.equals("/api/calls") || path.startsWith("/api/calls/")) {
            String rest = path.substring("/api/calls".length());
            if (!rest.isEmpty() && !rest.equals("/stats")) {
                Http.problem(response, 404, "Not Found", "the dashboard reads /api/calls and /api/calls/stats only");
                return;
            }
            api.service(new HttpServletRequestWrapper(request) {
                @Override
                public String getPathInfo() {
                    return rest.isEmpty() ? null : rest;
                }
            }, response);
            return;
        }
        if (path.isEmpty() && request.getPathInfo() == null) {
            // Relative links in the page resolve against the mount point with its slash.
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        String resource = files.get(path);
        if (resource == null) {
            Http.problem(response, 404, "Not Found", "no such dashboard file");
            return;
        }
        try (InputStream in = DashboardServlet.class.getResourceAsStream(resource)) {
            if (in == null) {
                Http.problem(response, 404, "Not Found", "no such dashboard file");
                return;
            }
            response.setContentType(TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", resource.endsWith("/echarts.min.js") ? "public, max-age=86400" : "no-cache");
            response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            in.transferTo(response.getOutputStream());
        }
    }

    /**
     * Where the ECharts WebJar on the classpath keeps its minified library.
     *
     * @throws InvalidConfigurationException when the WebJar is absent
     */
    private static String chartLibrary() {
        try (InputStream in = DashboardServlet.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            if (in == null) {
                throw new InvalidConfigurationException("the dashboard needs org.webjars.npm:echarts on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return "/META-INF/resources/webjars/echarts/" + p.getProperty("version") + "/dist/echarts.min.js";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
