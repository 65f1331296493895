package org.tunnelgate.portal.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tunnelgate.portal.http.HttpsOnly;

/**
 * Strict headers on every response of the application, set before anything else runs so that
 * error pages get them too. Pages load nothing from elsewhere and run no inline script, so the
 * content security policy can be {@code 'self'} throughout.
 *
 * <p>{@code form-action} is left out on {@code /oauth/*}: the consent form's answer is a redirect
 * to the VPN app's own redirect URI (a loopback or custom-scheme URL), which browsers check
 * against {@code form-action} too.
 */
@WebFilter(filterName = "securityHeaders", urlPatterns = "/*", dispatcherTypes = {
        jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR})
public class SecurityHeadersFilter extends HttpFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    @Inject
    HttpsOnly httpsOnly;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Content-Security-Policy", path.startsWith("/oauth/") ? CSP : CSP + "; form-action 'self'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (httpsOnly.isHttps(request)) {
            response.setHeader("Strict-Transport-Security", HttpsOnly.HSTS);
        }
        if (!path.startsWith("/resources/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
