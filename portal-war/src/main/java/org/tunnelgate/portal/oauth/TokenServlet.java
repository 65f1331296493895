package org.tunnelgate.portal.oauth;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.oauth.boundary.TokenRefresh;
import org.tunnelgate.oauth.boundary.OAuthClients;
import org.tunnelgate.oauth.boundary.TokenGrant;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.portal.http.FormBody;
import org.tunnelgate.portal.http.JsonResponses;
import org.tunnelgate.platform.ConflictRetry;

/**
 * The OAuth token endpoint (RFC 6749 §3.2): {@code authorization_code} with PKCE and
 * {@code refresh_token} with rotation. Errors are the RFC's JSON objects: 400 for the request or
 * grant, 401 {@code invalid_client}.
 */
@WebServlet(urlPatterns = "/oauth/token")
public class TokenServlet extends HttpServlet {

    @Inject
    Authorizations authorizations;

    @Inject
    TokenRefresh refreshes;

    @Inject
    OAuthClients clients;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> form;
        try {
            form = FormBody.read(request.getContentType(), request.getInputStream());
        } catch (FormBody.Rejected e) {
            int status = e.reason() == FormBody.Rejected.Reason.TOO_LARGE ? 413 : 400;
            JsonResponses.write(response, status, JsonResponses.error("invalid_request", e.getMessage()));
            return;
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            refuse(response, 400, "invalid_request", "missing parameter \"grant_type\"");
            return;
        }
        if (!grantType.equals("authorization_code") && !grantType.equals("refresh_token")) {
            refuse(response, 400, "unsupported_grant_type", "only authorization_code and refresh_token are supported");
            return;
        }
        BasicCredentials basic = BasicCredentials.of(request.getHeader("Authorization"));
        String clientId = form.get("client_id");
        if (basic != null) {
            if (clientId != null && !clientId.equals(basic.id())) {
                refuse(response, 400, "invalid_request", "client_id differs from the Authorization header");
                return;
            }
            clientId = basic.id();
        }
        if (clientId == null) {
            refuse(response, 400, "invalid_request", "missing parameter \"client_id\"");
            return;
        }
        Optional<OAuthClient> client = clients.find(clientId);
        String secret = basic != null ? basic.secret() : form.get("client_secret");
        if (client.isEmpty() || !client.get().authenticates(secret)) {
            if (basic != null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"tunnelgate\"");
            }
            refuse(response, 401, "invalid_client", "unknown client or wrong client credentials");
            return;
        }
        TokenGrant grant;
        String authenticatedClient = clientId;
        if (grantType.equals("authorization_code")) {
            String missing = firstMissing(form, "code", "redirect_uri", "code_verifier");
            if (missing != null) {
                refuse(response, 400, "invalid_request", "missing parameter \"" + missing + "\"");
                return;
            }
            grant = ConflictRetry.call(() -> authorizations.redeemCode(
                    form.get("code"), authenticatedClient, form.get("redirect_uri"), form.get("code_verifier")));
        } else {
            if (form.get("refresh_token") == null) {
                refuse(response, 400, "invalid_request", "missing parameter \"refresh_token\"");
                return;
            }
            String scope = form.get("scope");
            if (scope != null && !scope.equals("config")) {
                refuse(response, 400, "invalid_scope", "the only scope is \"config\"");
                return;
            }
            // its own transactions, repeated on conflicts (JdbcTransaction)
            grant = refreshes.refresh(form.get("refresh_token"), authenticatedClient);
        }
        if (grant instanceof TokenGrant.Issued issued) {
            JsonResponses.write(response, 200, JSON.createObjectBuilder()
                    .add("access_token", issued.accessToken())
                    .add("refresh_token", issued.refreshToken())
                    .add("token_type", "bearer")
                    .add("expires_in", issued.expiresIn().toSeconds())
                    .build());
        } else if (grant instanceof TokenGrant.Refused refused) {
            refuse(response, 400, refused.error(), refused.description());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        refuse(response, 405, "invalid_request", "use POST");
    }

    private static void refuse(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        JsonResponses.write(response, status, JsonResponses.error(error, description));
    }

    private static String firstMissing(Map<String, String> form, String... names) {
        for (String name : names) {
            String value = form.get(name);
            if (value == null || value.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** RFC 6749 §2.3.1: client id and secret, each form-urlencoded, in HTTP Basic. */
    private record BasicCredentials(String id, String secret) {

        static BasicCredentials of(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    return null;
                }
                return new BasicCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
