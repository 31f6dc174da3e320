package dev.calloutcomes.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Decides which tenant an API request acts for; empty means unauthenticated (401). See
 * {@link TenantAuthenticators} for the built-in ones. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantAuthenticator {
    Optional<String> authenticate(HttpServletRequest request);
}
