package org.tunnelgate.oauth.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.tunnelgate.oauth.control.OAuthSettings;
import org.tunnelgate.oauth.control.RefreshTokens;
import org.tunnelgate.oauth.control.SecretTokens;
import org.tunnelgate.platform.ConflictRetry;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * The refresh-token grant: rotation with single use. In one short JDBC transaction (repeated on a
 * Galera conflict) the token is read with its authorization and account, claimed
 * ({@code … WHERE used_at IS NULL}, so two instances racing on one token cannot both win), and a new
 * pair is stored. A token that was used already means it leaked or was replayed: the whole
 * authorization is revoked ({@link Authorizations#revoke}, with everything that ends with it), and the
 * app is told no. A claimed token stays used even when the grant is then refused (expired
 * authorization, disabled account).
 *
 * <p>A CDI bean with its own transactions rather than an EJB method in a container transaction:
 * on the token endpoint's hot path the JPA and JTA version cost about a third of the request.
 */
@ApplicationScoped
public class TokenRefresh {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    OAuthSettings settings;

    @Inject
    Authorizations authorizations;

    private sealed interface Outcome {}

    private record Granted(TokenGrant grant) implements Outcome {}

    private record Reused(long authorizationId) implements Outcome {}

    public TokenGrant refresh(String refreshToken, String clientId) {
        if (!SecretTokens.hasShape(refreshToken)) {
            return TokenGrant.Refused.invalidGrant("unknown refresh token");
        }
        String hash = SecretTokens.hash(refreshToken);
        Outcome outcome = JdbcTransaction.run(dataSource, c -> {
            var found = RefreshTokens.find(c, hash);
            if (found.isEmpty()) {
                return new Granted(TokenGrant.Refused.invalidGrant("unknown or revoked refresh token"));
            }
            RefreshTokens.Stored token = found.get();
            if (!token.clientId().equals(clientId)) {
                return new Granted(TokenGrant.Refused.invalidGrant("refresh token was issued to another client"));
            }
            Instant now = clock.instant();
            if (!RefreshTokens.claim(c, hash, now)) {
                return new Reused(token.authorizationId());
            }
            if (!token.isUsableAt(now)) {
                return new Granted(TokenGrant.Refused.invalidGrant("authorization expired"));
            }
            if (!token.accountEnabled()) {
                return new Granted(TokenGrant.Refused.invalidGrant("account disabled"));
            }
            Instant accessExpiry = earlier(now.plus(settings.accessTokenLifetime()), token.authorizationExpiresAt());
            String access = SecretTokens.generate();
            String refresh = SecretTokens.generate();
            RefreshTokens.storePair(c, token.authorizationId(), SecretTokens.hash(access), accessExpiry,
                    SecretTokens.hash(refresh), token.authorizationExpiresAt());
            return new Granted(new TokenGrant.Issued(access, refresh, Duration.between(now, accessExpiry)));
        });
        if (outcome instanceof Reused reused) {
            // its own container transaction, repeated on a Galera conflict like every other boundary call
            ConflictRetry.run(() -> authorizations.revoke(reused.authorizationId(), "refresh token reused"));
            return TokenGrant.Refused.invalidGrant("refresh token already used; its authorization is revoked");
        }
        return ((Granted) outcome).grant();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
