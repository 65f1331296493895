package org.tunnelgate.portal.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tunnelgate.audit.boundary.RequestOrigin;
import org.tunnelgate.portal.security.ClientAddress;

/**
 * Tells the audit trail where each request comes from (behind a trusted proxy: the client the
 * proxy names), so every audited action — console, admin API, portal — records its address.
 */
@WebFilter(filterName = "requestOrigin", urlPatterns = "/*")
public class RequestOriginFilter extends HttpFilter {

    @Inject
    ClientAddress clientAddress;

    @Inject
    RequestOrigin origin;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        origin.set(clientAddress.of(request));
        try {
            chain.doFilter(request, response);
        } finally {
            origin.clear(); // the thread serves other requests next
        }
    }
}
