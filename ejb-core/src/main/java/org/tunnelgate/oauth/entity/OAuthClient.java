package org.tunnelgate.oauth.entity;

import java.util.List;
import java.util.Objects;

/**
 * An application allowed to ask people for access: one of the built-in eduVPN / Let's Connect! apps
 * or a client an operator registered. Public clients (all built-in ones) have no secret and prove
 * possession of the code with PKCE alone.
 */
public record OAuthClient(String id, String displayName, List<String> redirectUris, String secretHash,
                          boolean builtIn) {

    public OAuthClient {
        Objects.requireNonNull(id);
        Objects.requireNonNull(displayName);
        redirectUris = List.copyOf(redirectUris);
    }

    public boolean acceptsRedirectUri(String presented) {
        return redirectUris.stream().anyMatch(registered -> RedirectUris.matches(registered, presented));
    }

    public boolean isConfidential() {
        return secretHash != null;
    }

    /** Public clients need no secret; confidential ones must present theirs. */
    public boolean authenticates(String presentedSecret) {
        if (!isConfidential()) {
            return true;
        }
        return presentedSecret != null && ClientSecrets.verify(presentedSecret, secretHash);
    }
}
