package org.tunnelgate.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.tunnelgate.account.boundary.ApiTokens;

/**
 * How a call to {@code /api/admin/*} proves who makes it, on every request and never with a
 * session: an admin API token ({@code Authorization: Bearer tgat_…}, {@link ApiTokens}; a read-only
 * one may only read) or HTTP Basic with an admin's password. Part of
 * {@link PortalAuthenticationMechanism}, the application's one mechanism.
 */
@ApplicationScoped
public class AdminApiCredentials {

    /** An admin API token ({@link ApiTokens}) as the admin API's callers send it. */
    private static final String API_TOKEN = "Bearer " + ApiTokens.PREFIX;
    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    ApiTokens apiTokens;

    /** The caller of an admin API request: by its token, else by Basic — whatever else the request carries. */
    AuthenticationStatus authenticate(HttpServletRequest request, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, API_TOKEN, 0, API_TOKEN.length())) {
            return apiToken(authorization.substring("Bearer ".length()).trim(), request, context);
        }
        return basic(authorization, context);
    }

    /**
     * An admin API token acts as the admin who made it; a read-only one is refused (403) for
     * anything but reading, before any resource runs. Unknown, revoked or expired: 401.
     */
    private AuthenticationStatus apiToken(String token, HttpServletRequest request, HttpMessageContext context) {
        var grant = apiTokens.authenticate(token);
        if (grant.isEmpty()) {
            context.getResponse().setHeader("WWW-Authenticate", "Bearer realm=\"tunnelgate admin API\"");
            return context.responseUnauthorized();
        }
        if (grant.get().readOnly() && !READING.contains(request.getMethod())) {
            try {
                HttpServletResponse response = context.getResponse();
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("{\"error\":\"this API token is read-only\"}");
                response.flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.notifyContainerAboutLogin(grant.get().accountName(), Set.of(Roles.USER, Roles.ADMIN));
    }

    private AuthenticationStatus basic(String authorization, HttpMessageContext context) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return context.isProtected() ? challenge(context) : context.doNothing();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return challenge(context);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return challenge(context);
        }
        var result = identityStores.validate(
                new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        return result.getStatus() == CredentialValidationResult.Status.VALID
                ? context.notifyContainerAboutLogin(result)
                : challenge(context);
    }

    private static AuthenticationStatus challenge(HttpMessageContext context) {
        context.getResponse().setHeader("WWW-Authenticate", "Basic realm=\"tunnelgate admin API\", charset=\"UTF-8\"");
        return context.responseUnauthorized();
    }
}
