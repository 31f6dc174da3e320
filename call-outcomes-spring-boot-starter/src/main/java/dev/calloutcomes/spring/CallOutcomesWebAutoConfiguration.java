package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.InvalidConfigurationException;
import dev.calloutcomes.servlet.AdminServlet;
import dev.calloutcomes.servlet.CallsServlet;
import dev.calloutcomes.servlet.DashboardServlet;
import dev.calloutcomes.servlet.RateLimit;
import dev.calloutcomes.servlet.TenantAuthenticator;
import dev.calloutcomes.servlet.TenantAuthenticators;
import dev.calloutcomes.servlet.WebhookMetrics;
import dev.calloutcomes.servlet.WebhookServlet;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import jakarta.servlet.Servlet;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The servlets under {@code calloutcomes.base-path} (default {@code /api}): webhooks at
 * {@code /webhooks/call_completed/*} (with {@code /health}), the call API at {@code /calls/*} and the dashboard at
 * {@code /dashboard/*} when a {@link TenantAuthenticator} exists, the admin endpoints at {@code /admin/*} when an
 * operator secret is set; a {@link Clock} bean, if any, dates their default windows and tokens. A registration backs
 * off when the host defines a bean of its name.
 */
@AutoConfiguration(after = CallOutcomesAutoConfiguration.class, afterName = {
        // The webhook chain is added after Spring Boot's default chains were decided on, so that it never displaces them.
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration", // Boot 4
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration", // Boot 3.5
        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ServletRegistrationBean.class)
@ConditionalOnBean(CallOutcomes.class)
public class CallOutcomesWebAutoConfiguration {
    private CallsServlet api;
    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesWebhookServlet")
    ServletRegistrationBean<WebhookServlet> callOutcomesWebhookServlet(CallOutcomes outcomes, CallOutcomesProperties properties,
                                                                      ObjectProvider<WebhookMetrics> metrics) {
        WebhookServlet servlet = WebhookServlet.builder(outcomes).metrics(metrics.getIfAvailable(WebhookMetrics::none)).build();
        // Asynchronous: bodies are read without holding a container thread.
        return registration(servlet, properties.basePath() + "/webhooks/call_completed/*", "callOutcomesWebhooks");
    }

    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesCallsServlet")
    @ConditionalOnBean(TenantAuthenticator.class)
    @ConditionalOnBooleanProperty(name = "calloutcomes.api.enabled", matchIfMissing = true)
    ServletRegistrationBean<CallsServlet> callOutcomesCallsServlet(CallOutcomes outcomes, CallOutcomesProperties properties,
                                                                  TenantAuthenticator authenticator, ObjectProvider<Clock> clock) {
        return registration(callsServlet(outcomes, properties, authenticator, clock), properties.basePath() + "/calls/*", "callOutcomesCalls");
    }

    /**
     * The one call API the call servlet and the dashboard share, so that one rate limit and one set of read slots hold
     * for a tenant wherever it reads. Built once per context (both registrations ask for it).
     */
    private CallsServlet callsServlet(CallOutcomes outcomes, CallOutcomesProperties properties, TenantAuthenticator authenticator,
                                      ObjectProvider<Clock> clock) {
        synchronized (this) {
            if (api == null) {
                CallOutcomesProperties.Api settings = properties.api();
                api = CallsServlet.builder(outcomes, authenticator).clock(clock.getIfAvailable(Clock::systemUTC))
                        .rateLimit(RateLimit.of(settings.requestsPerSecond(), settings.burst()))
                        .concurrentReads(settings.readsPerTenant(), settings.readsInAll()).maxPageBytes(settings.maxPageBytes()).build();
            }
            return api;
        }
    }

    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesDashboardServlet")
    @ConditionalOnBean(TenantAuthenticator.class)
    @ConditionalOnBooleanProperty(name = "calloutcomes.dashboard.enabled", matchIfMissing = true)
    ServletRegistrationBean<DashboardServlet> callOutcomesDashboardServlet(CallOutcomes outcomes, CallOutcomesProperties properties,
                                                                          TenantAuthenticator authenticator, ObjectProvider<Clock> clock) {
        return registration(DashboardServlet.of(callsServlet(outcomes, properties, authenticator, clock)),
                properties.basePath() + "/dashboard/*", "callOutcomesDashboard");
    }

    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesAdminServlet")
    @ConditionalOnProperty("calloutcomes.admin.operator-token-secret")
    ServletRegistrationBean<AdminServlet> callOutcomesAdminServlet(CallOutcomes outcomes, CallOutcomesProperties properties,
                                                                  ObjectProvider<Clock> clock) {
        String apiSecret = properties.api().tokenSecret();
        if (apiSecret != null && apiSecret.equals(properties.admin().operatorTokenSecret())) {
            // Equal secrets would make every tenant token an operator token.
            throw new InvalidConfigurationException("calloutcomes.admin.operator-token-secret must differ from calloutcomes.api.token-secret");
        }
        AdminServlet servlet = AdminServlet.of(outcomes.maintenance(), TenantAuthenticators.bearerToken(
                TenantTokenVerifier.builder().secret(properties.admin().operatorTokenSecret()).audience(TenantTokenVerifier.OPERATOR_AUDIENCE)
                        .clock(clock.getIfAvailable(Clock::systemUTC)).build()));
        return registration(servlet, properties.basePath() + "/admin/*", "callOutcomesAdmin");
    }

    private static <S extends Servlet> ServletRegistrationBean<S> registration(S servlet, String path, String name) {
        ServletRegistrationBean<S> registration = new ServletRegistrationBean<>(servlet, path);
        registration.setName(name);
        registration.setAsyncSupported(true);
        return registration;
    }

    // WebhookSecurity names Spring Security's types: it is loaded only once its conditions found them.

    /**
     * Lets LiveKit's webhooks (and their health check) through Spring Security: no login, no session, no CSRF token
     * (the signature authenticates them). It matches the webhook path only, ahead of the host's chains; every other
     * path keeps the host's rules, or Spring Boot's default chain, which this one does not displace (it is configured
     * after Boot's). Off with {@code calloutcomes.webhook.permit-all=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
    @ConditionalOnBean(type = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
    @ConditionalOnBooleanProperty(name = "calloutcomes.webhook.permit-all", matchIfMissing = true)
    static class WebhookSecurity {
        /** The order of the webhook chain: before the host's chains, which usually have the default order. */
        static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

        @Bean
        @Order(ORDER)
        @ConditionalOnMissingBean(name = "callOutcomesWebhookSecurity")
        SecurityFilterChain callOutcomesWebhookSecurity(HttpSecurity http, CallOutcomesProperties properties) throws Exception {
            // A path pattern over the path within the application, whichever servlet serves it: Spring Security 6's
            // string matchers would ask Spring MVC's DispatcherServlet, which does not serve our servlets.
            return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(properties.basePath() + "/webhooks/call_completed/**"))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable())
                    .requestCache(cache -> cache.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .build();
        }
    }
}
