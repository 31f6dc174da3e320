package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.StoreUnavailableException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's {@code callOutcomes} health component: DOWN while the store cannot answer, and while no webhook
 * verification scheme is configured (every webhook would be answered 401, which LiveKit never retries); the schemes
 * are a detail.
 */
@AutoConfiguration(after = CallOutcomesAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CallOutcomes.class)
public class CallOutcomesHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesHealthIndicator")
    public HealthIndicator callOutcomesHealthIndicator(CallOutcomes outcomes) {
        return () -> {
            Health.Builder health;
            try {
                outcomes.checkStorage();
                health = outcomes.verificationSchemes().isEmpty()
                        ? Health.down().withDetail("error", "no webhook verification configured: every webhook is rejected")
                        : Health.up();
            } catch (StoreUnavailableException e) {
                health = Health.down().withDetail("error", e.getMessage());
            }
            return health.withDetail("webhookVerificationSchemes", outcomes.verificationSchemes()).build();
        };
    }
}
