package dev.calloutcomes.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link CallOutcomesEnvironment} for Spring Boot 3.5, which reads post-processors under the older interface (Boot 4
 * adapts it too; the second run finds the property set and does nothing). The deprecated interface is Boot 3's only.
 */
@SuppressWarnings("deprecation")
public final class CallOutcomesBoot3Environment implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        LiquibaseDefault.apply(environment, application.getClassLoader());
    }
}
