package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.store.StoreUnavailableException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's {@code callOutcomes} health component (Spring Boot 4): DOWN while the store cannot answer (DEGRADED when a
 * spool takes the webhooks meanwhile), and while no
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
            Health.Builder health = check.error() == null ? Health.up()
                    : (check.degraded() ? Health.status(DEGRADED) : Health.down()).withDetail("error", check.error());
            health.withDetail("webhookVerificationSchemes", check.schemes());
            if (check.spool() != null) {
                health.withDetail("spool", check.spool());
            }
            return health.build();
        };
    }

    /**
     * The status of a store that is down while a spool takes the webhooks it cannot: not DOWN, so that Actuator's
     * default mapping answers 200 and a load balancer keeps sending webhooks to this instance.
     */
    static final String DEGRADED = "DEGRADED";

    /**
     * What the health components report: an error (null when up), whether the spool makes it degraded rather than down,
     * the verification schemes, and what the spool holds (null without one).
     */
    record Check(String error, boolean degraded, Set<String> schemes, Map<String, Object> spool) {
    }

    static Check check(CallOutcomes outcomes) {
        Set<String> schemes = outcomes.verificationSchemes();
        CallMaintenance maintenance = outcomes.maintenance();
        Map<String, Object> spool = null;
        if (maintenance.spools()) {
            spool = new LinkedHashMap<>();
            spool.put("events", maintenance.spooledEvents());
            spool.put("oldest", maintenance.oldestSpooled().map(Instant::toString).orElse(null));
        }
        if (schemes.isEmpty()) {
            return new Check("no webhook verification configured: every webhook is rejected", false, schemes, spool);
        }
        try {
            outcomes.checkStorage();
        } catch (StoreUnavailableException e) {
            return new Check(e.getMessage(), spool != null, schemes, spool);
        }
        return new Check(null, false, schemes, spool);
    }
}
