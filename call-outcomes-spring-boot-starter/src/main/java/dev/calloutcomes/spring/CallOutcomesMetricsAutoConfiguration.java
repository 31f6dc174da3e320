package dev.calloutcomes.spring;

import dev.calloutcomes.servlet.MicrometerWebhookMetrics;
import dev.calloutcomes.servlet.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code calloutcomes.*} meters on the context's {@link MeterRegistry}: one bean that is the webhook servlet's
 * metrics and, as an {@link dev.calloutcomes.call.OutcomeListener}, counts each call's outcome when decided.
 */
@AutoConfiguration(before = CallOutcomesAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration", // Boot 4
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration", // Boot 3.5
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class CallOutcomesMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(WebhookMetrics.class)
    public MicrometerWebhookMetrics callOutcomesMetrics(MeterRegistry registry) {
        return MicrometerWebhookMetrics.of(registry);
    }
}
