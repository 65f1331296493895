package org.tunnelgate.portal.http;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTPS only: decides whether a request reached us over HTTPS and answers those that did not (see
 * {@link PlainHttpAnswer}). A request counts as HTTPS when it came over the HTTPS listener, or from
 * a proxy listed in {@code tunnelgate.trusted-proxies} that says so ({@code X-Forwarded-Proto:
 * https} or {@code Forwarded: proto=https}); anybody else's forwarding headers count for nothing.
 *
 * <p>Called first thing by the authentication mechanism, which the container runs before any
 * filter or page: so credentials sent over plain HTTP are never even checked. The health checks
 * stay reachable over HTTP for load balancers (see {@link PlainHttpAnswer}).
 */
@ApplicationScoped
public class HttpsOnly {

    /** {@code Strict-Transport-Security} for HTTPS responses: a year, this host only. */
    public static final String HSTS = "max-age=31536000";

    private final PortalAddress address;
    private final TrustedProxies proxies;
    private final int httpsPort;

    @Inject
    public HttpsOnly(PortalAddress address,
            @ConfigProperty(name = "tunnelgate.trusted-proxies", defaultValue = " ") String trusted,
            @ConfigProperty(name = "tunnelgate.https-port", defaultValue = "443") int httpsPort) {
        this.address = address;
        this.proxies = TrustedProxies.parse(trusted);
        this.httpsPort = httpsPort;
    }

    HttpsOnly() {
        this(null, " ", 443); // CDI proxy only
    }

    public boolean isHttps(HttpServletRequest request) {
        return request.isSecure() || address.baseUrl(request).startsWith("https://");
    }

    /**
     * Answers a request that came over plain HTTP (a redirect or a refusal) and returns true; does
     * nothing and returns false for HTTPS.
     */
    public boolean answeredPlainHttp(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean credentials = request.getHeader("Authorization") != null;
        if (isHttps(request) || PlainHttpAnswer.servedOverPlainHttp(request.getMethod(), credentials, pathOf(request))) {
            return false;
        }
        String query = request.getQueryString();
        String httpsBase = PlainHttpAnswer.httpsBase(address.baseUrl(request), httpsPort,
                proxies.contains(request.getRemoteAddr()));
        PlainHttpAnswer answer = PlainHttpAnswer.of(request.getMethod(), credentials, httpsBase, request.getRequestURI() + (query == null ? "" : "?" + query));
        response.resetBuffer();
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        if (answer.status() == 301) {
            response.setHeader("Location", answer.location());
        }
        byte[] body;
        if (wantsJson(request)) {
            response.setContentType("application/json");
            body = JSON.createObjectBuilder().add("error", answer.message()).build().toString()
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            // browsers and people with curl: nothing in this answer needs markup
            response.setContentType("text/plain;charset=UTF-8");
            body = (answer.message() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        if (!request.getMethod().equals("HEAD")) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
        return true;
    }

    /** The path within the application, as sent (not normalised: only an exact health path is exempt). */
    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.substring(Math.min(request.getContextPath().length(), uri.length()));
    }

    /** The APIs answer errors as {@code {"error": "…"}}; so does this refusal, to their clients. */
    private static boolean wantsJson(HttpServletRequest request) {
        String path = pathOf(request);
        String accept = request.getHeader("Accept");
        return path.startsWith("/api/") || path.startsWith("/oauth/token") || path.startsWith("/.well-known/")
                || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }
}
