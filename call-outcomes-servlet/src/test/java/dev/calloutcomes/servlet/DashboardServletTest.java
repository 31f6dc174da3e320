package dev.calloutcomes.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files and read-only data routes over HTTP (its page in a browser: DashboardInBrowserTest). */
class DashboardServletTest extends HttpTestBase {
    @BeforeEach
    void mountDashboard() throws Exception {
        jetty.close();
        jetty = new JettyFixture(java.util.Map.of("/calls/*", CallsServlet.of(outcomes, tokens(), RateLimit.of(1000, 1000), clock),
                "/dashboard/*", DashboardServlet.of(CallsServlet.of(outcomes, tokens(), RateLimit.of(50, 100), clock))));
        base = jetty.base;
    }

    @Test
    void servesThePageAndTheChartLibraryFromTheClasspathWithAStrictPolicy() throws Exception {
        HttpResponse<String> bare = get("/dashboard", null);
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/dashboard/"));
        HttpResponse<String> page = get("/dashboard/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-eval"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.body()).contains("<script src=\"echarts.min.js\"></script>", "id=\"calls\"");
        HttpResponse<String> charts = get("/dashboard/echarts.min.js", null);
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/javascript;charset=utf-8");
        assertThat(charts.body()).contains("echarts");
        assertThat(get("/dashboard/WEB-INF/web.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/index.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void readsTheTenantsOwnCallsOnlyAndNothingElse() throws Exception {
        String acme = json(api("POST", "/calls", "acme", "{\"roomName\":\"room-acme\"}")).get("id").asText();
        assertThat(get("/dashboard/api/calls", null).statusCode()).isEqualTo(401);
        assertThat(json(get("/dashboard/api/calls", "acme")).get("items")).hasSize(1);
        assertThat(json(get("/dashboard/api/calls", "globex")).get("items")).isEmpty();
        assertThat(json(get("/dashboard/api/calls/stats?groupBy=day", "acme")).get("groupBy").asText()).isEqualTo("day");
        // Read-only: neither one call's routes nor writes pass through it.
        assertThat(get("/dashboard/api/calls/" + acme + "/outcome", "acme").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/api/calls"))
                .header("Authorization", "Bearer " + token("acme")).POST(HttpRequest.BodyPublishers.ofString("{\"roomName\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(json(get("/dashboard/api/calls", "acme")).get("items")).hasSize(1);
    }

    private HttpResponse<String> get(String path, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (tenant != null) {
            b.header("Authorization", "Bearer " + token(tenant));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
