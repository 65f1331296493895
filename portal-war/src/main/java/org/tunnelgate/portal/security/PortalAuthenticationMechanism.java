package org.tunnelgate.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.platform.ConflictRetry;
import org.tunnelgate.portal.http.HttpsOnly;
import org.tunnelgate.portal.http.RequestPaths;

/**
 * The application's one authentication mechanism (Jakarta Security 3 allows one per application),
 * covering every way in except the VPN-app API's bearer tokens:
 *
 * <ul>
 *   <li>Pages: form login through {@code /login} (the {@code LoginBacking} calls
 *       {@code SecurityContext.authenticate}); the caller's name is kept in the HTTP session, and
 *       the session id changes at login against session fixation. A protected page requested
 *       without login redirects to {@code /login} and, after login, back to the exact URL
 *       including its query string — an OAuth authorize request survives the detour.</li>
 *   <li>{@code /api/admin/*}: HTTP Basic on every request, or an admin API token
 *       ({@link AdminApiCredentials}), never a session (so a browser's portal session cannot be
 *       used cross-site against the admin API).</li>
 *   <li>Any other {@code Authorization: Bearer}: ignored here; the VPN-app API checks its own tokens.</li>
 * </ul>
 * On unprotected paths without a session it does nothing at all. Before all of that, a request
 * over plain HTTP is answered by {@link HttpsOnly} (a redirect or a refusal): this mechanism runs
 * before any filter, so credentials sent in the clear are never checked. Then a path that the
 * container, JAX-RS and this class could read differently ({@code /api/admin;x/clients}) is refused
 * with 400 ({@link RequestPaths}), so "is this the admin API?" has one answer everywhere.
 */
@ApplicationScoped
public class PortalAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Session attribute: the name of the logged-in account. */
    static final String CALLER = "tunnelgate.caller";
    /** Session attribute: the account's session epoch when this session logged in. */
    static final String SESSION_EPOCH = "tunnelgate.session-epoch";
    /** Session attribute: where to go after login. */
    static final String CONTINUE_TO = "tunnelgate.continue";
    /** Session attribute: the previous session ended because the account was disabled or removed. */
    static final String ENDED_BY_ADMIN = "tunnelgate.ended-by-admin";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Accounts accounts;

    @Inject
    HttpsOnly httpsOnly;

    @Inject
    AdminApiCredentials adminApi;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (answeredPlainHttp(request, response)) {
            return AuthenticationStatus.SEND_CONTINUE; // the response is complete
        }
        Optional<String> path = RequestPaths.of(request);
        if (path.isEmpty()) {
            refuse(request, response);
            return AuthenticationStatus.SEND_FAILURE; // the response is complete
        }
        if (RequestPaths.isAdminApi(path.get())) {
            return adminApi.authenticate(request, context);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return context.doNothing();
        }
        if (context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential credential) {
            return formLogin(credential, request, context);
        }
        AuthenticationStatus fromSession = fromSession(request, context);
        if (fromSession != null) {
            return fromSession;
        }
        if (context.isProtected()) {
            HttpSession session = request.getSession(true);
            if ("GET".equals(request.getMethod())) {
                session.setAttribute(CONTINUE_TO, originalUrl(request));
            }
            return context.redirect(request.getContextPath() + "/login");
        }
        return context.doNothing();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) {
        try {
            RequestPaths.refuse(request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answeredPlainHttp(HttpServletRequest request, HttpServletResponse response) {
        try {
            return httpsOnly.answeredPlainHttp(request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(CALLER);
        }
    }

    /**
     * Keeps the caller's own session after it ended all of the account's sessions (its own
     * password change): it takes the new epoch and, as after a login, a new id.
     */
    public static void keepSession(HttpServletRequest request, long newSessionEpoch) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
            session.setAttribute(SESSION_EPOCH, newSessionEpoch);
        }
    }

    /** Where a logged-in caller should go now: the page that sent them to login, else home. */
    public static String continueTo(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object target = session == null ? null : session.getAttribute(CONTINUE_TO);
        if (session != null) {
            session.removeAttribute(CONTINUE_TO);
        }
        return target instanceof String url && isLocal(url) ? url : request.getContextPath() + "/";
    }

    /** Whether this browser's last session was ended by an admin (asked once: the answer is then forgotten). */
    public static boolean takeEndedByAdmin(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(ENDED_BY_ADMIN) == null) {
            return false;
        }
        session.removeAttribute(ENDED_BY_ADMIN);
        return true;
    }

    private AuthenticationStatus formLogin(UsernamePasswordCredential credential, HttpServletRequest request,
            HttpMessageContext context) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        String name = result.getCallerPrincipal().getName();
        request.getSession(true);
        request.changeSessionId(); // a session id known before login is worthless after it
        request.getSession().setAttribute(CALLER, name);
        request.getSession().setAttribute(SESSION_EPOCH,
                ConflictRetry.read(() -> accounts.findByName(name)).map(a -> a.sessionEpoch()).orElse(-1L));
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * Re-establishes the caller from the session on every request, against the database: an
     * account disabled (or demoted) by an admin loses its access with the very next request, and
     * a session opened before the account's sessions were ended (a password change, see
     * {@code Account#endSessions}) is ended — on every instance, as the epoch is in the database.
     */
    private AuthenticationStatus fromSession(HttpServletRequest request, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(CALLER) instanceof String name)) {
            return null;
        }
        // a read, on every portal request: again after a lost connection (a Galera node that died
        // leaves each pooled connection to it failing once — the HA test saw a page answer 500)
        var account = ConflictRetry.read(() -> accounts.findByName(name)).filter(a -> a.isEnabled());
        if (account.isEmpty()) {
            session.invalidate();
            // the login page tells the person why they are there
            request.getSession(true).setAttribute(ENDED_BY_ADMIN, Boolean.TRUE);
            return null;
        }
        if (!(session.getAttribute(SESSION_EPOCH) instanceof Long epoch) || epoch != account.get().sessionEpoch()) {
            session.invalidate(); // the password changed since this session logged in
            return null;
        }
        return context.notifyContainerAboutLogin(name, AccountIdentityStore.groupsOf(account.get()));
    }


    private static String originalUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** Only paths on this server: never an open redirect to somewhere else. */
    static boolean isLocal(String url) {
        return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")
                && url.chars().noneMatch(c -> c < 0x20);
    }
}
