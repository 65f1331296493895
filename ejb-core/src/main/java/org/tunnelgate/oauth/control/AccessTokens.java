package org.tunnelgate.oauth.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.oauth.entity.OAuthToken;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The bearer check of the VPN-app API in one indexed read: the access token by its hash, joined to its
 * authorization and its account, which must be enabled. Plain JDBC because it runs on every API
 * call: the same read through JPA (building three entities) cost about as much as the rest of a
 * {@code /connect}'s database work (docs/benchmarks.md).
 */
public final class AccessTokens {

    /** An access token that opens the API now: its authorization and the (enabled) account behind it. */
    public record Holder(long authorizationId, String clientId, Instant authorizationExpiresAt,
                         long accountId, String accountName, boolean admin) {}

    private AccessTokens() {}

    /** The holder of the access token with this hash, if it is an access token usable at {@code now}. */
    public static Optional<Holder> find(Connection c, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.kind, t.expires_at, a.id, a.client_id, a.expires_at,"
                + " ac.id, ac.name, ac.role FROM oauth_token t"
                + " JOIN oauth_authorization a ON a.id = t.authorization_id"
                + " JOIN account ac ON ac.id = a.account_id AND ac.enabled = TRUE"
                + " WHERE t.token_hash = ?")) {
            s.setString(1, tokenHash);
            try (ResultSet row = s.executeQuery()) {
                if (!row.next() || !OAuthToken.Kind.ACCESS.name().equals(row.getString(1))) {
                    return Optional.empty();
                }
                Instant tokenExpires = UtcDateTime.read(row, 2);
                Instant authorizationExpires = UtcDateTime.read(row, 5);
                if (!tokenExpires.isAfter(now) || !authorizationExpires.isAfter(now)) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(row.getLong(3), row.getString(4), authorizationExpires,
                        row.getLong(6), row.getString(7), Role.ADMIN.name().equals(row.getString(8))));
            }
        }
    }
}
