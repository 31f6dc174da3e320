package dev.calloutcomes.examples;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.servlet.MicrometerWebhookMetrics;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the Prometheus alert rules in examples/ops name only metrics and labels we export. */
class OpsKitTest {
    private static final Path OPS = Path.of("ops");
    private static final Pattern METRIC = Pattern.compile("\\bcalloutcomes_[a-z_]+");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(?:=~|!~|!=|=)\\s*\"([^\"]*)\"|by \\(([a-z_, ]+)\\)");

    @Test
    void everyMetricAndLabelTheKitNamesIsExported() throws Exception {
        String scrape = exported();
        Set<String> names = new TreeSet<>();
        Set<String> labels = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.replaceAll("[{ ].*", ""));
                Matcher l = Pattern.compile("([a-z_]+)=\"").matcher(line);
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        List<String> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(14);
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                used.add(m.group());
            }
            Matcher l = LABEL.matcher(expr);
            while (l.find()) {
                if (l.group(3) != null) {
                    for (String by : l.group(3).split(",")) {
                        assertThat(labels).as("label in " + expr).contains(by.trim());
                    }
                } else {
                    assertThat(labels).as("label in " + expr).contains(l.group(1));
                }
            }
        }
        assertThat(used).as("the seed's four measurements and the rejections").contains(
                "calloutcomes_webhook_events_total", "calloutcomes_webhook_processing_seconds_sum",
                "calloutcomes_webhook_processing_seconds_count", "calloutcomes_webhook_idempotency_hits_total",
                "calloutcomes_calls_outcomes_total", "calloutcomes_webhook_rejections_total");
        assertThat(names).containsAll(used);
    }

    @Test
    void statusesTheAlertsMatchAreStatusesTheServletReports() throws Exception {
        Set<String> reported = Set.of("processed", "accepted", "duplicate", "ignored", "unattributed", "malformed",
                "unauthenticated", "unavailable", "refused", "error", "too_large", "body_timeout", "broken", "rate_limited",
                "unsupported_media_type");
        Pattern status = Pattern.compile("status\\s*(?:=~|!~|=)\\s*\"([^\"]*)\"");
        for (String expr : expressions()) {
            Matcher m = status.matcher(expr);
            while (m.find()) {
                assertThat(reported).as(expr).containsAll(List.of(m.group(1).split("\\|")));
            }
        }
        String servlet = Files.readString(Path.of("..", "call-outcomes-servlet", "src", "main", "java", "dev", "calloutcomes",
                "servlet", "WebhookServlet.java"));
        for (String s : List.of("unavailable", "refused", "error", "rate_limited", "too_large", "body_timeout", "unsupported_media_type")) {
            assertThat(servlet).as("the servlet reports " + s).contains("\"" + s + "\"");
        }
    }

    /** Every meter, as Prometheus scrapes it, after a real webhook, a duplicate, an outage and a rejection. */
    private static String exported() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerWebhookMetrics metrics = MicrometerWebhookMetrics.of(registry);
        CallOutcomes outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory(Fixtures.CLOCK)).clock(Fixtures.CLOCK)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(Fixtures.CLOCK).build())
                .defaultTenant("acme").listener(metrics).build();
        assertThat(outcomes.handle(Fixtures.request("participant_left_busy")).outcome()).isNotNull();
        metrics.webhook("processed", Duration.ofMillis(3));
        metrics.webhook("duplicate", Duration.ofMillis(1));
        metrics.webhook("unavailable", Duration.ofMillis(5));
        metrics.rejected(RejectionReason.BAD_SIGNATURE);
        return registry.scrape();
    }

    private static List<String> expressions() throws Exception {
        List<String> all = new ArrayList<>();
        JsonNode alerts = new ObjectMapper(new YAMLFactory()).readTree(OPS.resolve("prometheus-alerts.yml").toFile());
        alerts.findValues("expr").forEach(e -> all.add(e.asText()));
        assertThat(alerts.findValues("alert")).extracting(JsonNode::asText).containsExactly("CallOutcomesProcessingFailureRate",
                "CallOutcomesSlowProcessing", "CallOutcomesHighIdempotencyHitRate", "CallOutcomesDatabaseErrors");
        JsonNode dashboard = new ObjectMapper().readTree(OPS.resolve("grafana-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> all.add(e.asText()));
        return all;
    }
}
