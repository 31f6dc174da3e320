package dev.calloutcomes.spring;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/** What {@link CallOutcomesEnvironment} (Boot 4) and {@link CallOutcomesBoot3Environment} do; names no Boot type. */
final class LiquibaseDefault {
    static final String DEFAULT_CHANGELOG = "classpath:/db/changelog/db.changelog-master.yaml";

    private LiquibaseDefault() {
    }

    static void apply(ConfigurableEnvironment environment, ClassLoader loader) {
        if (environment.containsProperty("spring.liquibase.enabled")
                || !environment.getProperty("calloutcomes.enabled", Boolean.class, true)) {
            return;
        }
        String changelog = environment.getProperty("spring.liquibase.change-log", DEFAULT_CHANGELOG);
        if (!new DefaultResourceLoader(loader).getResource(changelog).exists()) {
            environment.getPropertySources().addLast(new MapPropertySource("callOutcomesDefaults",
                    Map.of("spring.liquibase.enabled", "false")));
        }
    }
}
