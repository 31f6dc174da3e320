package dev.calloutcomes.servlet;

import dev.calloutcomes.tenant.TenantTokenVerifier;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** The built-in {@link TenantAuthenticator}s. */
public final class TenantAuthenticators {
    private TenantAuthenticators() {
    }

    /** {@code Authorization: Bearer <JWT HS256>} whose tenant claim (default {@code sub}) names the tenant; {@code exp} required. */
    public static TenantAuthenticator bearerToken(TenantTokenVerifier verifier) {
        return request -> {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return verifier.tenantOf(header.substring(7));
        };
    }

    /** Trusts the host's security filter: the name of the authenticated principal is the tenant. */
    public static TenantAuthenticator principal() {
        return request -> Optional.ofNullable(request.getUserPrincipal()).map(Principal::getName).filter(n -> !n.isBlank());
    }

    /** Trusts the host's security filter: the request attribute {@code name} holds the tenant. */
    public static TenantAuthenticator requestAttribute(String name) {
        return request -> Optional.ofNullable(request.getAttribute(name)).map(Object::toString).filter(n -> !n.isBlank());
    }

    /**
     * The seed's {@code ?user_id=} parameter, trusted as it is. INSECURE: anyone can read any
     * tenant's calls. For migrating from the seed only; logs a warning when created.
     */
    public static TenantAuthenticator insecureLegacyUserIdParameter() {
        LoggerFactory.getLogger(TenantAuthenticators.class).warn(
                "legacy ?user_id= tenant authentication is enabled: any caller can read any tenant's calls");
        return request -> Optional.ofNullable(request.getParameter("user_id")).filter(n -> !n.isBlank());
    }
}
