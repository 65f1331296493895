package org.tunnelgate.portal.oauth;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.tunnelgate.oauth.boundary.OAuthClients;

/**
 * {@code GET /oauth/authorize}. The web layer's security constraint has already made the person log in
 * (and brought them back here with the query string intact). A valid request is parked in the session
 * and the browser sent on to the consent page; an invalid one gets an error page (400), never a redirect.
 */
@WebServlet(urlPatterns = "/oauth/authorize")
public class AuthorizeServlet extends HttpServlet {

    @Inject
    OAuthClients clients;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthorizationRequest checked;
        try {
            checked = AuthorizationRequest.check(request.getParameterMap(), clients::find);
        } catch (AuthorizationRequest.Invalid e) {
            OAuthErrorPage.write(response, 400, "This application cannot be authorized", e.getMessage());
            return;
        }
        String key = PendingConsents.put(request.getSession(true), checked);
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(request.getContextPath() + "/oauth/consent?request="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "GET");
        OAuthErrorPage.write(response, 405, "Method not allowed", "The authorization endpoint takes GET requests.");
    }
}
