package org.tunnelgate.oauth.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.tunnelgate.oauth.control.AccessTokens;
import org.tunnelgate.oauth.control.SecretTokens;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * The bearer check, on every VPN-app API call: nothing is cached, so a revoked app or a disabled
 * account is locked out at once. One indexed read ({@link AccessTokens}) in auto-commit, repeated
 * once the pool has a new connection if the database connection was lost. A CDI bean (no EJB hop,
 * no transaction): it only reads.
 */
@ApplicationScoped
public class ApiAccess {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    public Optional<ApiGrant> authenticate(String accessToken) {
        if (!SecretTokens.hasShape(accessToken)) {
            return Optional.empty();
        }
        String hash = SecretTokens.hash(accessToken);
        return JdbcTransaction.read(dataSource, c -> AccessTokens.find(c, hash, clock.instant()))
                .map(h -> new ApiGrant(h.authorizationId(), h.accountId(), h.accountName(), h.admin(), h.clientId(),
                        h.authorizationExpiresAt()));
    }
}
