package dev.calloutcomes.examples.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The host's own security, as a service would have it: every request authenticated (HTTP Basic here; a real service
 * would use its identity provider), CSRF on except for the stateless call API. The user's name is the tenant the
 * call API and the dashboard act for. LiveKit's webhooks need nothing here: the starter lets them through.
 */
@Configuration(proxyBeanMethods = false)
public class HostSecurity {
    @Bean
    SecurityFilterChain hostChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/calls/**"))
                .build();
    }

    /** Two tenants' users, their passwords from configuration (example.password). */
    @Bean
    UserDetailsService users(@Value("${example.password}") String password) {
        return new InMemoryUserDetailsManager(
                User.withUsername("acme").password("{noop}" + password).roles("TENANT").build(),
                User.withUsername("globex").password("{noop}" + password).roles("TENANT").build());
    }
}
