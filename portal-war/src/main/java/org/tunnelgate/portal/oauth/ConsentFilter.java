package org.tunnelgate.portal.oauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets only known, unanswered authorization requests reach the consent page; anything else (a stale
 * bookmark, a second click, a forged form) gets a plain 400 page and no redirect anywhere.
 */
@WebFilter(urlPatterns = "/oauth/consent")
public class ConsentFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (PendingConsents.peek(request.getSession(false), request.getParameter("request")).isEmpty()) {
            OAuthErrorPage.write(response, 400, "Unknown authorization request",
                    "This authorization request is unknown, expired or was already answered. Start again from the application.");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
