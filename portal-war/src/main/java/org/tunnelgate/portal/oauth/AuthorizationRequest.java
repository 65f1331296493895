package org.tunnelgate.portal.oauth;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.oauth.entity.Pkce;

/**
 * A checked {@code GET /oauth/authorize} request, waiting for the person's consent.
 *
 * <p>Every problem gives an error page and never a redirect: an unknown client or redirect URI must not
 * be redirected to (RFC 6749 §4.1.2.1), and the apps treat every other parameter error as a bug, which
 * a person can report better from a page that says what is wrong than from an app that silently waits.
 */
public record AuthorizationRequest(String clientId, String clientName, String redirectUri, String state,
                                   String codeChallenge) implements Serializable {

    private static final int MAX_STATE = 512;

    /** What went wrong, in words fit for the error page. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param parameters all values of each query parameter
     * @param clients    looks a client up by id
     */
    public static AuthorizationRequest check(Map<String, String[]> parameters,
                                             Function<String, Optional<OAuthClient>> clients) throws Invalid {
        String clientId = single(parameters, "client_id");
        OAuthClient client = clients.apply(clientId)
                .orElseThrow(() -> new Invalid("The application (client_id) is not known to this server."));
        String redirectUri = single(parameters, "redirect_uri");
        if (!client.acceptsRedirectUri(redirectUri)) {
            throw new Invalid("The redirect_uri is not registered for this application.");
        }
        if (!"code".equals(single(parameters, "response_type"))) {
            throw new Invalid("Only response_type=code is supported.");
        }
        if (!"config".equals(single(parameters, "scope"))) {
            throw new Invalid("The only scope is \"config\".");
        }
        String state = single(parameters, "state");
        if (state.isEmpty() || state.length() > MAX_STATE || state.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Invalid("The state parameter is missing or malformed.");
        }
        if (!Pkce.METHOD_S256.equals(single(parameters, "code_challenge_method"))) {
            throw new Invalid("PKCE with code_challenge_method=S256 is required (\"plain\" is not accepted).");
        }
        String challenge = single(parameters, "code_challenge");
        if (!Pkce.isWellFormedChallenge(challenge)) {
            throw new Invalid("The code_challenge is not a base64url-encoded SHA-256 hash.");
        }
        return new AuthorizationRequest(client.id(), client.displayName(), redirectUri, state, challenge);
    }

    /** Where an approval sends the browser (RFC 6749 §4.1.2, RFC 9207 {@code iss}). */
    public String approvedRedirect(String code, String issuer) {
        return redirectUri + (redirectUri.indexOf('?') < 0 ? "?" : "&") + "code=" + encode(code)
                + "&state=" + encode(state) + "&iss=" + encode(issuer);
    }

    /** Where a refusal sends the browser. */
    public String deniedRedirect(String issuer) {
        return redirectUri + (redirectUri.indexOf('?') < 0 ? "?" : "&") + "error=access_denied"
                + "&state=" + encode(state) + "&iss=" + encode(issuer);
    }

    private static String single(Map<String, String[]> parameters, String name) throws Invalid {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0 || values[0] == null || values[0].isEmpty()) {
            throw new Invalid("The parameter " + name + " is missing.");
        }
        if (values.length > 1) {
            throw new Invalid("The parameter " + name + " is given more than once.");
        }
        return values[0];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
