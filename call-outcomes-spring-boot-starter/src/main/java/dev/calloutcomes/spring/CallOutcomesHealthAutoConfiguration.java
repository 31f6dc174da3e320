package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.StoreUnavailableException;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's {@code callOutcomes} health component (Spring Boot 4): DOWN while the store cannot answer, and while no
 * webhook verification scheme is configured (every webhook would be answered 401, which LiveKit never retries); the
 * schemes are a detail.
 */
@AutoConfiguration(after = CallOutcomesAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(CallOutcomes.class)
public class CallOutcomesHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "callOutcomesHealthIndicator")
    public HealthIndicator callOutcomesHealthIndicator(CallOutcomes outcomes) {
        return () -> {
            Check check = check(outcomes);
            return (check.error() == null ? Health.up() : Health.down().withDetail("error", check.error()))
                    .withDetail("webhookVerificationSchemes", check.schemes()).build();
        };
    }

    /** What the health components report: an error (null when up) and the verification schemes. */
    record Check(String error, Set<String> schemes) {
    }

    static Check check(CallOutcomes outcomes) {
        Set<String> schemes = outcomes.verificationSchemes();
        try {
            outcomes.checkStorage();
        } catch (StoreUnavailableException e) {
            return new Check(e.getMessage(), schemes);
        }
        return new Check(schemes.isEmpty() ? "no webhook verification configured: every webhook is rejected" : null, schemes);
    }
}
