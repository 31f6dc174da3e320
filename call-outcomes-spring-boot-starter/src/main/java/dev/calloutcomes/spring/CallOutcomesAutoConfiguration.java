package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.jdbc.JdbcOutcomeStore;
import dev.calloutcomes.servlet.TenantAuthenticator;
import dev.calloutcomes.servlet.TenantAuthenticators;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.webhook.HmacSignatureVerifier;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.StandardWebhooksVerifier;
import dev.calloutcomes.webhook.WebhookVerifier;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.WorkerSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Call-outcomes on a Spring Boot application: {@link CallOutcomes} on a {@link JdbcOutcomeStore} over the context's
 * {@link DataSource}, with the {@link WebhookVerifier} the properties configure, every {@link OutcomeListener} bean,
 * workers in asynchronous mode, and the {@link TenantAuthenticator} of the call API. The servlets are
 * {@link CallOutcomesWebAutoConfiguration}'s. Every bean backs off when the host defines its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" // Boot 3.5
})
@ConditionalOnBooleanProperty(name = "calloutcomes.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CallOutcomesProperties.class)
public class CallOutcomesAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CallOutcomesAutoConfiguration.class);

    /** The tables on the context's DataSource, migrated at startup unless {@code calloutcomes.storage.migrate=false}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(OutcomeStore.class)
    @ConditionalOnBean(DataSource.class)
    public JdbcOutcomeStore callOutcomesStore(DataSource dataSource, CallOutcomesProperties properties,
                                              ObjectProvider<Clock> clock) {
        JdbcOutcomeStore.Builder store = JdbcOutcomeStore.builder().dataSource(dataSource)
                .migrate(properties.storage().migrate());
        clock.ifAvailable(store::clock);
        return store.build();
    }

    /** Every scheme with a configured secret; none configured rejects every webhook (and says so once). */
    @Bean
    @ConditionalOnMissingBean(WebhookVerifier.class)
    public WebhookVerifier callOutcomesWebhookVerifier(CallOutcomesProperties properties, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        List<WebhookVerifier> verifiers = new ArrayList<>();
        Map<String, String> keys = properties.livekit().keys();
        if (!keys.isEmpty()) {
            LiveKitTokenVerifier.Builder livekit = LiveKitTokenVerifier.builder().clock(time);
            keys.forEach((apiKey, secret) -> {
                String tenant = properties.livekit().keyTenants().get(apiKey);
                if (tenant == null) {
                    livekit.key(apiKey, secret);
                } else {
                    livekit.key(apiKey, secret, tenant);
                }
            });
            verifiers.add(livekit.build());
        }
        if (!properties.webhook().hmacSecrets().isEmpty()) {
            HmacSignatureVerifier.Builder hmac = HmacSignatureVerifier.builder();
            properties.webhook().hmacSecrets().forEach(hmac::secret);
            verifiers.add(hmac.build());
        }
        for (String secret : properties.webhook().standardWebhooksSecrets()) {
            verifiers.add(StandardWebhooksVerifier.builder().secret(secret).clock(time).build());
        }
        if (verifiers.isEmpty()) {
            LOG.warn("no webhook verification is configured (calloutcomes.livekit.keys.<apiKey>=<secret>): every webhook is rejected");
        }
        return WebhookVerifiers.anyOf(verifiers);
    }

    /** The service, with every {@link OutcomeListener} bean in the context (in their order). */
    @Bean
    @ConditionalOnMissingBean(CallOutcomes.class)
    @ConditionalOnBean(OutcomeStore.class)
    public CallOutcomes callOutcomes(OutcomeStore store, WebhookVerifier verifier, CallOutcomesProperties properties,
                                     ObjectProvider<OutcomeListener> listeners, ObjectProvider<Clock> clock,
                                     ObjectProvider<CallOutcomesSpool> spool) {
        CallOutcomes.Builder builder = CallOutcomes.builder().store(store).verifier(verifier)
                .tenantKey(properties.tenantKey()).defaultTenant(properties.defaultTenant())
                .registrationsOutrankDefaultTenant(properties.registrationsOutrankDefaultTenant())
                .asynchronous(properties.asynchronous());
        spool.ifAvailable(s -> builder.spool(s.store(), properties.spool().maxEvents(), properties.spool().maxAge()));
        clock.ifAvailable(builder::clock);
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    /** The spool's store, when {@code calloutcomes.spool.jdbc-url} names one. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CallOutcomesSpool.class)
    @ConditionalOnProperty("calloutcomes.spool.jdbc-url")
    public CallOutcomesSpool callOutcomesSpool(CallOutcomesProperties properties, ObjectProvider<Clock> clock) {
        JdbcOutcomeStore.Builder spool = JdbcOutcomeStore.builder().jdbcUrl(properties.spool().jdbcUrl());
        clock.ifAvailable(spool::clock);
        return new CallOutcomesSpool(spool.build());
    }

    /** Forwards the spool every second, started and stopped with the context. */
    @Bean
    @ConditionalOnMissingBean(CallOutcomesSpool.Forwarder.class)
    @ConditionalOnBean({CallOutcomesSpool.class, CallOutcomes.class})
    public CallOutcomesSpool.Forwarder callOutcomesSpoolForwarder(CallOutcomes outcomes) {
        return new CallOutcomesSpool.Forwarder(outcomes);
    }

    /** The workers of asynchronous mode, started and stopped with the context. */
    @Bean
    @ConditionalOnMissingBean(CallOutcomesWorkers.class)
    @ConditionalOnBooleanProperty("calloutcomes.asynchronous")
    @ConditionalOnBean(CallOutcomes.class)
    public CallOutcomesWorkers callOutcomesWorkers(CallOutcomes outcomes, ObjectProvider<WorkerSettings> settings) {
        return new CallOutcomesWorkers(outcomes, settings.getIfAvailable(WorkerSettings::ofDefaults));
    }

    /** Who an API or dashboard request acts for, without Spring Security: tenant tokens, when their secret is set. */
    @Bean
    @ConditionalOnMissingBean(TenantAuthenticator.class)
    @ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
    @ConditionalOnProperty("calloutcomes.api.token-secret")
    public TenantAuthenticator callOutcomesTenantTokens(CallOutcomesProperties properties, ObjectProvider<Clock> clock) {
        return tenantTokens(properties, clock);
    }

    static TenantAuthenticator tenantTokens(CallOutcomesProperties properties, ObjectProvider<Clock> clock) {
        return TenantAuthenticators.bearerToken(TenantTokenVerifier.builder().secret(properties.api().tokenSecret()).audience(TenantTokenVerifier.TENANT_AUDIENCE)
                .clock(clock.getIfAvailable(Clock::systemUTC)).build());
    }

    // The nested classes below name optional types (Spring Security, Liquibase's Spring integration): each is loaded
    // only when its condition has found them.

    /** Spring Security is there: tenant tokens when their secret is set, else the authenticated principal's name. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SpringSecurityTenants {
        @Bean
        @ConditionalOnMissingBean(TenantAuthenticator.class)
        TenantAuthenticator callOutcomesTenantAuthenticator(CallOutcomesProperties properties, ObjectProvider<Clock> clock) {
            return properties.api().tokenSecret() != null ? tenantTokens(properties, clock) : new SpringSecurityTenants.Principal();
        }

        /** The name of Spring Security's authenticated, non-anonymous principal. */
        static final class Principal implements TenantAuthenticator {
            @Override
            public Optional<String> authenticate(HttpServletRequest request) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth == null || !auth.isAuthenticated()
                        || auth instanceof AnonymousAuthenticationToken) {
                    return Optional.empty();
                }
                return Optional.ofNullable(auth.getName()).filter(n -> !n.isBlank());
            }

            @Override
            public String toString() {
                return "Spring Security principal";
            }
        }
    }

    /**
     * Our tables before the host's own Liquibase changelog: every {@code SpringLiquibase} bean depends on the store,
     * whose build migrates them, so a host changelog may refer to {@code call_logs}. (Our changelog has its own
     * tables, {@code call_outcomes_changelog} and its lock, so the two never contend.)
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
    static class LiquibaseOrdering {
        @Bean
        static BeanFactoryPostProcessor callOutcomesBeforeHostLiquibase() {
            return beanFactory -> {
                String[] stores = beanFactory.getBeanNamesForType(OutcomeStore.class, true, false);
                for (String liquibase : beanFactory.getBeanNamesForType(SpringLiquibase.class, true, false)) {
                    BeanDefinition definition = beanFactory.getBeanDefinition(liquibase);
                    List<String> dependsOn = new ArrayList<>(definition.getDependsOn() == null ? List.of() : List.of(definition.getDependsOn()));
                    dependsOn.addAll(List.of(stores));
                    definition.setDependsOn(dependsOn.toArray(String[]::new));
                }
            };
        }
    }
}
