package dev.calloutcomes.examples.springdefaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.examples.spring.OnFreshPostgres;
import dev.calloutcomes.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A host with nothing of its own: no changelog (Spring Boot's Liquibase would stop the start), no security chain
 * (Spring Boot's default one protects everything), only the two properties. It starts; webhooks get through; the API
 * stays behind Boot's login.
 */
@SpringBootTest(classes = BootDefaultsTest.BareHost.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "spring.liquibase.change-log=classpath:/no/such/changelog.yaml"})
class BootDefaultsTest extends OnFreshPostgres {
    @SpringBootApplication
    static class BareHost {
        @Bean
        Clock clock() {
            return Fixtures.CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void startsWithoutAChangelogKeepsBootsDefaultSecurityAndLetsWebhooksThrough() throws Exception {
        assertThat(context.getBeanNamesForType(liquibase.integration.spring.SpringLiquibase.class))
                .as("Boot's Liquibase is off: the host has no changelog").isEmpty();
        assertThat(context.getEnvironment().getProperty("spring.liquibase.enabled")).isEqualTo("false");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webhooks/call_completed"))
                .header("Content-Type", "application/webhook+json").header("Authorization", Fixtures.authorization("participant_left_busy"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.body("participant_left_busy"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(webhook.body()).contains("\"status\":\"processed\"");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/calls")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("Boot's default chain still protects the API").isEqualTo(401);
    }
}
