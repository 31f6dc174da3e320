package dev.calloutcomes.spring;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.jdbc.JdbcOutcomeStore;
import dev.calloutcomes.servlet.MicrometerWebhookMetrics;
import dev.calloutcomes.servlet.TenantAuthenticator;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.WebhookVerifier;
import dev.calloutcomes.webhook.WebhookVerifiers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CallOutcomesAutoConfigurationTest {
    private static final AutoConfigurations OURS = AutoConfigurations.of(CallOutcomesAutoConfiguration.class,
            CallOutcomesMetricsAutoConfiguration.class, CallOutcomesWebAutoConfiguration.class,
            CallOutcomesHealthAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(OURS).withBean(DataSource.class, CallOutcomesAutoConfigurationTest::h2)
            .withBean(Clock.class, () -> Fixtures.CLOCK)
            .withPropertyValues("calloutcomes.livekit.keys." + API_KEY + "=" + API_SECRET, "calloutcomes.default-tenant=acme");

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:co_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void twoPropertiesGiveAServiceThatStoresLiveKitWebhooksOnTheContextsDataSource() {
        web.run(context -> {
            assertThat(context).hasSingleBean(CallOutcomes.class).hasSingleBean(JdbcOutcomeStore.class);
            CallOutcomes outcomes = context.getBean(CallOutcomes.class);
            assertThat(outcomes.verificationSchemes()).containsExactly("livekit-jwt");
            WebhookResult result = outcomes.handle(Fixtures.request("participant_left_busy"));
            assertThat(result.status()).isEqualTo(WebhookResult.Status.PROCESSED);
            assertThat(outcomes.findCall("acme", result.callId())).get().extracting(c -> c.verdict().outcome().wireName()).isEqualTo("busy");
        });
    }

    @Test
    void aSpoolUrlGivesTheServiceASpoolAndAForwarderThatRunsWithTheContext() {
        web.withPropertyValues("calloutcomes.spool.jdbc-url=jdbc:h2:mem:spool_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1", "calloutcomes.spool.max-events=5").run(context -> {
                    assertThat(context).hasSingleBean(CallOutcomesSpool.class).hasSingleBean(CallOutcomesSpool.Forwarder.class)
                            .hasSingleBean(JdbcOutcomeStore.class);
                    assertThat(context.getBean(CallOutcomesProperties.class).spool().maxAge()).hasHours(24);
                    CallOutcomes outcomes = context.getBean(CallOutcomes.class);
                    assertThat(outcomes.maintenance().spools()).isTrue();
                    assertThat(outcomes.maintenance().spooledEvents()).isZero();
                    assertThat(context.getBean(CallOutcomesSpool.Forwarder.class).isRunning()).isTrue();
                    assertThat(outcomes.handle(Fixtures.request("participant_left_busy")).status())
                            .as("the store answers: nothing is spooled").isEqualTo(WebhookResult.Status.PROCESSED);
                });
        web.run(context -> {
            assertThat(context).doesNotHaveBean(CallOutcomesSpool.class).doesNotHaveBean(CallOutcomesSpool.Forwarder.class);
            assertThat(context.getBean(CallOutcomes.class).maintenance().spools()).isFalse();
        });
    }

    @Test
    void mountsTheServletsUnderTheBasePath() {
        web.withPropertyValues("calloutcomes.base-path=/hooks/", "calloutcomes.admin.operator-token-secret=operator-secret-0123456789abcdef")
                .run(context -> {
                    assertThat(mapping(context, "callOutcomesWebhookServlet")).containsExactly("/hooks/webhooks/call_completed/*");
                    // Spring Security is on this classpath: the principal's name is the tenant.
                    assertThat(mapping(context, "callOutcomesCallsServlet")).containsExactly("/hooks/calls/*");
                    assertThat(mapping(context, "callOutcomesAdminServlet")).containsExactly("/hooks/admin/*");
                    assertThat(mapping(context, "callOutcomesDashboardServlet")).containsExactly("/hooks/dashboard/*");
                    assertThat(context.getBean(TenantAuthenticator.class)).hasToString("Spring Security principal");
                });
        web.withPropertyValues("calloutcomes.api.enabled=false", "calloutcomes.dashboard.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean("callOutcomesCallsServlet").doesNotHaveBean("callOutcomesAdminServlet")
                    .doesNotHaveBean("callOutcomesDashboardServlet")
                    .hasBean("callOutcomesWebhookServlet");
        });
    }

    @Test
    void withoutSpringSecurityTheApiTakesTenantTokensOrIsNotMounted() {
        FilteredClassLoader noSecurity = new FilteredClassLoader("org.springframework.security");
        web.withClassLoader(noSecurity).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TenantAuthenticator.class)
                    .doesNotHaveBean("callOutcomesCallsServlet").doesNotHaveBean("callOutcomesDashboardServlet")
                    .doesNotHaveBean("callOutcomesWebhookSecurity").hasBean("callOutcomesWebhookServlet");
        });
        web.withClassLoader(noSecurity).withPropertyValues("calloutcomes.api.token-secret=api-secret-value-0123456789abcdef0123")
                .run(context -> {
                    assertThat(context).hasBean("callOutcomesCallsServlet").hasBean("callOutcomesDashboardServlet");
                    assertThat(context.getBean(TenantAuthenticator.class)).isNotInstanceOf(
                            CallOutcomesAutoConfiguration.SpringSecurityTenants.Principal.class);
                });
    }

    private static List<String> mapping(org.springframework.context.ApplicationContext context, String name) {
        return List.copyOf(context.getBean(name, ServletRegistrationBean.class).getUrlMappings());
    }

    @Test
    void collectsTheHostsOutcomeListenersAndCountsOutcomesOnItsMeterRegistry() {
        List<CallChange> seen = new CopyOnWriteArrayList<>();
        web.withBean(OutcomeListener.class, () -> (change, work) -> seen.add(change))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(MicrometerWebhookMetrics.class);
                    context.getBean(CallOutcomes.class).handle(Fixtures.request("participant_left_busy"));
                    assertThat(seen).hasSize(1);
                    assertThat(context.getBean(MeterRegistry.class).counter("calloutcomes.calls.outcomes", "outcome", "busy",
                            "disposition", seen.get(0).after().verdict().disposition().wireName()).count()).isEqualTo(1);
                });
    }

    @Test
    void everyBeanBacksOffWhenTheHostDefinesItsOwn() {
        web.withUserConfiguration(HostBeans.class).run(context -> {
            assertThat(context.getBean(OutcomeStore.class)).isSameAs(HostBeans.STORE);
            assertThat(context).doesNotHaveBean(JdbcOutcomeStore.class);
            assertThat(context.getBean(WebhookVerifier.class).schemes()).containsExactly("insecure-none");
            assertThat(context.getBean(TenantAuthenticator.class)).hasToString("host's");
            assertThat(context.getBean("callOutcomesWebhookServlet")).isEqualTo("host's registration");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class HostBeans {
        static final OutcomeStore STORE = OutcomeStore.inMemory(Fixtures.CLOCK);

        @Bean
        OutcomeStore hostStore() {
            return STORE;
        }

        @Bean
        WebhookVerifier hostVerifier() {
            return WebhookVerifiers.insecureAcceptEverythingWithoutVerification();
        }

        @Bean
        TenantAuthenticator hostAuthenticator() {
            return new TenantAuthenticator() {
                @Override
                public Optional<String> authenticate(jakarta.servlet.http.HttpServletRequest request) {
                    return Optional.empty();
                }

                @Override
                public String toString() {
                    return "host's";
                }
            };
        }

        @Bean
        String callOutcomesWebhookServlet() {
            return "host's registration";
        }
    }

    @Test
    void asynchronousModeRunsWorkersWithTheContext() {
        web.withPropertyValues("calloutcomes.asynchronous=true").run(context -> {
            CallOutcomesWorkers workers = context.getBean(CallOutcomesWorkers.class);
            assertThat(workers.isRunning()).isTrue();
            CallOutcomes outcomes = context.getBean(CallOutcomes.class);
            WebhookResult accepted = outcomes.handle(Fixtures.request("participant_left_busy"));
            assertThat(accepted.status()).isEqualTo(WebhookResult.Status.ACCEPTED);
            workers.workers().drain();
            // drain() runs what is pending; an event the running workers claimed first may still be applying.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (outcomes.queryCalls(dev.calloutcomes.query.CallQuery.forTenant("acme")).items().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(outcomes.queryCalls(dev.calloutcomes.query.CallQuery.forTenant("acme")).items())
                    .extracting(c -> c.verdict().outcome() == null ? null : c.verdict().outcome().wireName()).containsExactly("busy");
            context.stop();
            assertThat(workers.isRunning()).isFalse();
        });
    }

    @Test
    void reportsHealthWithTheVerificationSchemes() {
        web.run(context -> {
            var health = context.getBean("callOutcomesHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("webhookVerificationSchemes", java.util.Set.of("livekit-jwt"));
        });
        web.withBean(OutcomeStore.class, DownStore::new).run(context -> {
            var health = context.getBean("callOutcomesHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "database unavailable (test)");
        });
        web.withBean(OutcomeStore.class, DownStore::new).withPropertyValues("calloutcomes.spool.jdbc-url=jdbc:h2:mem:spool_"
                + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1").run(context -> {
                    var health = context.getBean("callOutcomesHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).as("a spool takes the webhooks: degraded, answered 200, not down")
                            .isEqualTo(new Status("DEGRADED"));
                    assertThat(health.getDetails()).containsEntry("error", "database unavailable (test)").containsKey("spool");
                    assertThat(health.getDetails().get("spool")).asString().contains("events=0");
                });
        new WebApplicationContextRunner().withConfiguration(OURS).withBean(DataSource.class, CallOutcomesAutoConfigurationTest::h2)
                .run(context -> {
                    var health = context.getBean("callOutcomesHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).as("no verification: every webhook lost").isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("webhookVerificationSchemes", java.util.Set.of());
                });
    }

    /** A store whose database is down. */
    static final class DownStore extends dev.calloutcomes.testing.ForwardingStore {
        DownStore() {
            super(OutcomeStore.inMemory(Fixtures.CLOCK));
        }

        @Override
        public void checkAvailable() {
            throw new dev.calloutcomes.store.StoreUnavailableException("database unavailable (test)", null);
        }
    }

    @Test
    void withoutADataSourceOrWhenDisabledNothingIsConfigured() {
        new ApplicationContextRunner().withConfiguration(OURS).run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(CallOutcomes.class).doesNotHaveBean(ServletRegistrationBean.class));
        web.withPropertyValues("calloutcomes.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(CallOutcomes.class).doesNotHaveBean(OutcomeStore.class));
    }

    @Test
    void aPropertyLetsTrustedRegistrationsOutrankTheDefaultTenant() {
        web.withPropertyValues("calloutcomes.default-tenant=acme", "calloutcomes.registrations-outrank-default-tenant=true")
                .run(context -> {
                    CallOutcomes outcomes = context.getBean(CallOutcomes.class);
                    assertThat(context.getBean(CallOutcomesProperties.class).registrationsOutrankDefaultTenant()).isTrue();
                    assertThat(outcomes).isNotNull();
                });
        web.run(context -> assertThat(context.getBean(CallOutcomesProperties.class).registrationsOutrankDefaultTenant())
                .as("off by default").isFalse());
    }

    @Test
    void refusesAnOperatorSecretEqualToTheApiSecret() {
        String same = "one-secret-for-both-0123456789abcdef0123";
        web.withPropertyValues("calloutcomes.api.token-secret=" + same, "calloutcomes.admin.operator-token-secret=" + same)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("operator-token-secret must differ").hasMessageNotContaining(same));
    }

    @Test
    void propertiesNeverPrintASecret() {
        web.withPropertyValues("calloutcomes.webhook.hmac-secrets=hmac-secret-value", "calloutcomes.api.token-secret=api-secret-value-0123456789abcdef0123",
                "calloutcomes.admin.operator-token-secret=operator-secret-value-0123456789abcdef").run(context -> {
                    String printed = context.getBean(CallOutcomesProperties.class).toString();
                    assertThat(printed).contains(API_KEY).doesNotContain(API_SECRET, "hmac-secret-value", "api-secret-value-0123456789abcdef0123",
                            "operator-secret-value-0123456789abcdef");
                });
    }

    @Test
    void shipsPropertyMetadataForIdeCompletion() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = new ObjectMapper().readTree(in);
            List<String> names = metadata.get("properties").findValuesAsText("name");
            assertThat(names).contains("calloutcomes.livekit.keys", "calloutcomes.default-tenant", "calloutcomes.base-path",
                    "calloutcomes.api.token-secret", "calloutcomes.webhook.permit-all", "calloutcomes.asynchronous");
            for (JsonNode property : metadata.get("properties")) {
                assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank();
            }
        }
    }
}
