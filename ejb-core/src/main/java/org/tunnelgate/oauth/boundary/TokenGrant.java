package org.tunnelgate.oauth.boundary;

import java.time.Duration;

/**
 * The outcome of a token request: a fresh token pair, or the OAuth error to return. Failures are values,
 * not exceptions, because some of them (a replayed code, a reused refresh token) must commit a
 * revocation while still telling the app no.
 */
public sealed interface TokenGrant {

    record Issued(String accessToken, String refreshToken, Duration expiresIn) implements TokenGrant {}

    /** {@code error} is the RFC 6749 §5.2 code, e.g. {@code invalid_grant}. */
    record Refused(String error, String description) implements TokenGrant {

        static Refused invalidGrant(String description) {
            return new Refused("invalid_grant", description);
        }
    }
}
