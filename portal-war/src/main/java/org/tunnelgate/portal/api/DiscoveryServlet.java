package org.tunnelgate.portal.api;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tunnelgate.platform.Version;
import org.tunnelgate.portal.http.JsonResponses;
import org.tunnelgate.portal.http.PortalAddress;

/**
 * {@code /.well-known/vpn-user-portal}: tells the apps where the API and the OAuth endpoints are. The
 * apps fetch it before every connect, so it is never cached and always built from the request.
 */
@WebServlet(urlPatterns = "/.well-known/vpn-user-portal")
public class DiscoveryServlet extends HttpServlet {

    static final String API_V3 = "http://eduvpn.org/api#3";

    @Inject
    PortalAddress address;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = address.baseUrl(request);
        JsonResponses.write(response, HttpServletResponse.SC_OK, JSON.createObjectBuilder()
                .add("api", JSON.createObjectBuilder().add(API_V3, JSON.createObjectBuilder()
                        .add("api_endpoint", base + "/api/v3")
                        .add("authorization_endpoint", base + "/oauth/authorize")
                        .add("token_endpoint", base + "/oauth/token")))
                .add("v", Version.current())
                .build());
    }
}
