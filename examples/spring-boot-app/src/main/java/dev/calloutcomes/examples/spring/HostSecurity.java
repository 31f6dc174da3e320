package dev.calloutcomes.examples.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The host's own security, as a service would have it: every request authenticated (HTTP Basic here; a real service
 * would use its identity provider), CSRF on everywhere, the call API included: a browser holding the user's Basic
 * credentials (or a session cookie) would otherwise let any site register calls or report facts in the user's name.
 * The token travels as a cookie a script of the host's own pages can read ({@code XSRF-TOKEN}) and comes back in the
 * {@code X-XSRF-TOKEN} header, which another site cannot send. The user's name is the tenant the
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
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .addFilterAfter(new IssueCsrfCookie(), BasicAuthenticationFilter.class)
                .build();
    }

    /** Loads the (deferred) CSRF token on every request, so that its cookie is set for the client's next write. */
    static final class IssueCsrfCookie extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    /** Two tenants' users, their passwords from configuration (example.password). */
    @Bean
    UserDetailsService users(@Value("${example.password}") String password) {
        return new InMemoryUserDetailsManager(
                User.withUsername("acme").password("{noop}" + password).roles("TENANT").build(),
                User.withUsername("globex").password("{noop}" + password).roles("TENANT").build());
    }
}
