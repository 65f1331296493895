package org.tunnelgate.portal.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.oauth.boundary.ApiGrant;
import org.tunnelgate.oauth.boundary.ApiAccess;
import org.tunnelgate.platform.ConflictRetry;

/**
 * Admits a VPN-app API call only with {@code Authorization: Bearer <access token>} of a live
 * authorization of an enabled account. The check hits the database on every call — no cache — so a
 * revoked app or a disabled person is locked out at once. The grant is handed to the resource as the
 * request property {@link #GRANT}.
 */
@Provider
@VpnAppApi
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    static final String GRANT = ApiGrant.class.getName();

    @Inject
    ApiAccess access;

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.size() != 1 || !headers.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(ApiErrors.invalidToken("a bearer access token is required"));
            return;
        }
        String token = headers.get(0).substring(7).trim();
        Optional<ApiGrant> grant = ConflictRetry.read(() -> access.authenticate(token)); // a read: also again after a lost connection
        if (grant.isEmpty()) {
            request.abortWith(ApiErrors.invalidToken("the access token is invalid, expired or revoked"));
            return;
        }
        request.setProperty(GRANT, grant.get());
    }
}
