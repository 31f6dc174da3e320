package dev.calloutcomes.servlet;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.testing.SettableClock;
import dev.calloutcomes.testing.SyntheticCalls;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.WebhookRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in headless Chromium, over a real Jetty, with two tenants' calls. */
class DashboardInBrowserTest {
    private static final String API_JWT_SECRET = "api-jwt-secret-0123456789abcdef0123456789";
    /** The first day of the seeded calls, before the fixtures' clock (2026-11-24T12:00Z) of the tenants' tokens. */
    private static final long NOV_21 = Instant.parse("2026-11-21T09:00:00Z").getEpochSecond();

    private JettyFixture jetty;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        SettableClock clock = new SettableClock(Instant.ofEpochSecond(NOV_21));
        CallOutcomes outcomes = CallOutcomes.builder().store(OutcomeStore.inMemory(clock)).clock(clock)
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(clock).build()).build();
        // acme: two calls a day on Nov 21, 22 and 23; globex: two on Nov 22. Calls are dated when first stored.
        List<Outcome> acme = List.of(Outcome.COMPLETED, Outcome.BUSY, Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.COMPLETED, Outcome.FAILED);
        for (int i = 0; i < acme.size(); i++) {
            seed(outcomes, clock, "acme", i, acme.get(i));
            if (i % 2 == 1) {
                clock.advance(Duration.ofDays(1));
            }
        }
        clock.advance(Duration.ofDays(-2));
        seed(outcomes, clock, "globex", 100, Outcome.COMPLETED);
        seed(outcomes, clock, "globex", 101, Outcome.BUSY);
        clock.advance(Duration.ofDays(2)); // Nov 24, 09:00
        TenantAuthenticator tokens = TenantAuthenticators.bearerToken(
                TenantTokenVerifier.builder().secret(API_JWT_SECRET).clock(Fixtures.CLOCK).build());
        jetty = new JettyFixture(Map.of("/dashboard/*", DashboardServlet.of(CallsServlet.of(outcomes, tokens, RateLimit.of(50, 100), clock))));
        browser = Chromium.start();
    }

    private static void seed(CallOutcomes outcomes, SettableClock clock, String tenant, int n, Outcome ending) {
        for (byte[] event : SyntheticCalls.call(tenant, n, ending, clock.instant().getEpochSecond())) {
            String token = WebhookSigner.liveKitToken(API_KEY, API_SECRET, event, clock, Duration.ofMinutes(5));
            outcomes.handle(WebhookRequest.of(Map.of("Authorization", List.of(token)), event));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void showsTheTenantsCallsFiltersThemAndNothingOfAnotherTenant() throws Exception {
        open("acme");
        assertThat(text("total-calls")).isEqualTo("6");
        assertThat(text("answer-rate")).isEqualTo("33 %");
        assertThat(rows()).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#per-day canvas, #trend canvas, #by-campaign canvas, #by-agent canvas")))
                .as("the four charts are drawn").hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#calls a[href^='https://rec.example.com/']"))).as("recording links: two completed calls and the voicemail").hasSize(3);
        Path shot = Path.of("target", "dashboard.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isPositive();

        // The day filter narrows counts and list; the outcome filter the list.
        apply(Map.of("from", "2026-11-23"));
        assertThat(text("total-calls")).isEqualTo("2");
        assertThat(rows()).hasSize(2);
        apply(Map.of("from", "", "outcome", "busy"));
        assertThat(text("total-calls")).isEqualTo("6");
        assertThat(rows()).extracting(r -> r.findElement(By.className("outcome")).getText()).containsExactly("busy");
        // A campaign narrows the charts too: camp-0 holds calls 0 and 3.
        apply(Map.of("outcome", "", "campaign", "camp-0"));
        assertThat(text("total-calls")).isEqualTo("2");
        assertThat(rows()).extracting(r -> r.findElement(By.className("outcome")).getText()).containsExactly("no_answer", "completed");
        assertThat(consoleErrors()).isEmpty();

        // Another tenant's token: its own two calls, none of acme's.
        open("globex");
        assertThat(text("total-calls")).isEqualTo("2");
        assertThat(rows()).hasSize(2).allSatisfy(r -> assertThat(r.getText()).contains("+1555000010"));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void asksForATokenWhenTheApiRefusesAndShowsTheCallsOnceGiven() {
        browser.get(jetty.base + "/dashboard/");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "error".equals(state()));
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
        browser.findElement(By.name("token")).sendKeys(token("acme"));
        browser.findElement(By.cssSelector("#token-form button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "ready".equals(state()));
        assertThat(text("total-calls")).isEqualTo("6");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    }

    private void open(String tenant) {
        browser.get(jetty.base + "/dashboard/#token=" + token(tenant));
        browser.navigate().refresh(); // a fresh page load with the token kept in the tab, out of the address
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "ready".equals(state()));
        assertThat(browser.getCurrentUrl()).doesNotContain("token");
    }

    private static String token(String tenant) {
        return WebhookSigner.tenantToken(API_JWT_SECRET, tenant, Fixtures.CLOCK, Duration.ofHours(1));
    }

    private void apply(Map<String, String> values) {
        values.forEach((name, value) -> browser.executeScript(
                "var e = document.getElementById('filters').elements[arguments[0]]; e.value = arguments[1];", name, value));
        browser.executeScript("document.body.dataset.state = '';");
        browser.findElement(By.cssSelector("#filters button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "ready".equals(state()));
    }

    private String state() {
        return (String) browser.executeScript("return document.body.dataset.state || '';");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#calls tbody tr"));
    }

    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }
}
