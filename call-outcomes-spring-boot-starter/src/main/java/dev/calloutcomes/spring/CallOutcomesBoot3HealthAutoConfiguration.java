package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link CallOutcomesHealthAutoConfiguration} for Spring Boot 3.5, whose Actuator keeps {@code HealthIndicator} in
 * {@code org.springframework.boot.actuate.health} (Boot 4 has no such class, so this never applies there).
 */
@AutoConfiguration(after = CallOutcomesAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(CallOutcomes.class)
public class CallOutcomesBoot3HealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesHealthIndicator")
    public HealthIndicator callOutcomesHealthIndicator(CallOutcomes outcomes) {
        return () -> {
            CallOutcomesHealthAutoConfiguration.Check check = CallOutcomesHealthAutoConfiguration.check(outcomes);
            Health.Builder health = check.error() == null ? Health.up()
                    : (check.degraded() ? Health.status(CallOutcomesHealthAutoConfiguration.DEGRADED) : Health.down())
                            .withDetail("error", check.error());
            health.withDetail("webhookVerificationSchemes", check.schemes());
            if (check.spool() != null) {
                health.withDetail("spool", check.spool());
            }
            return health.build();
        };
    }
}
