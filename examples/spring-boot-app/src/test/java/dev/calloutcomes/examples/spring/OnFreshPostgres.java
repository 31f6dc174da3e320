package dev.calloutcomes.examples.spring;

import dev.calloutcomes.jdbc.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot test class on a fresh PostgreSQL schema of its own: skipped with a message when PostgreSQL is
 * unreachable, failed under CI=true.
 */
public abstract class OnFreshPostgres {
    private static String databaseUrl;

    @BeforeAll
    static void freshSchema() {
        TestDatabases.POSTGRESQL.assumeReachable();
        databaseUrl = TestDatabases.POSTGRESQL.freshUrl();
    }

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> databaseUrl);
    }
}
