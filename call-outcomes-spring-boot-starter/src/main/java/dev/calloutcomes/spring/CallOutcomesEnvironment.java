package dev.calloutcomes.spring;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps Spring Boot's own Liquibase from failing the start of a host that has no changelog of its own: our
 * artifact brings liquibase-core, which switches Boot's {@code LiquibaseAutoConfiguration} on, and Boot then stops
 * with "no changelog could be found". When {@code spring.liquibase.enabled} is not set and the changelog Boot would
 * run ({@code spring.liquibase.change-log}, by default {@code classpath:/db/changelog/db.changelog-master.yaml})
 * does not exist, this sets {@code spring.liquibase.enabled=false} as a default of the lowest precedence. A host with
 * a changelog keeps Boot's Liquibase, and runs it after our tables are made.
 */
public final class CallOutcomesEnvironment implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        LiquibaseDefault.apply(environment, application.getClassLoader());
    }
}
