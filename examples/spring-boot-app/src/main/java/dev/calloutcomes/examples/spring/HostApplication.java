package dev.calloutcomes.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that embeds call-outcomes with the starter and two properties (application.properties):
 * LiveKit's webhooks at /api/webhooks/call_completed, the call API at /api/calls and the dashboard at
 * /api/dashboard/, on the service's own DataSource, behind its own Spring Security ({@link HostSecurity}).
 */
@SpringBootApplication
public class HostApplication {
    public static void main(String[] args) {
        SpringApplication.run(HostApplication.class, args);
    }
}
