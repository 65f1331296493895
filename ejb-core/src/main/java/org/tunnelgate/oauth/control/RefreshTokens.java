package org.tunnelgate.oauth.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.tunnelgate.oauth.entity.OAuthToken;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The statements of a refresh-token grant, in plain JDBC (it runs for every app every hour, and
 * 10,000 of them when everybody comes back at once): the token with its authorization and whether
 * the account is enabled in one read, the single-use claim, and the new pair in one insert.
 */
public final class RefreshTokens {

    /** A stored refresh token: its own expiry, its authorization, and whether the account behind it is enabled. */
    public record Stored(Instant expiresAt, long authorizationId, String clientId, Instant authorizationExpiresAt,
                         boolean accountEnabled) {

        public boolean isUsableAt(Instant now) {
            return expiresAt.isAfter(now) && authorizationExpiresAt.isAfter(now);
        }
    }

    private RefreshTokens() {}

    /** The refresh token with this hash; empty when there is none (or the hash is an access token's). */
    public static Optional<Stored> find(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.kind, t.expires_at, a.id, a.client_id, a.expires_at,"
                + " COALESCE(ac.enabled, FALSE) FROM oauth_token t"
                + " JOIN oauth_authorization a ON a.id = t.authorization_id"
                + " LEFT JOIN account ac ON ac.id = a.account_id"
                + " WHERE t.token_hash = ?")) {
            s.setString(1, tokenHash);
            try (ResultSet row = s.executeQuery()) {
                if (!row.next() || !OAuthToken.Kind.REFRESH.name().equals(row.getString(1))) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(UtcDateTime.read(row, 2), row.getLong(3), row.getString(4),
                        UtcDateTime.read(row, 5), row.getBoolean(6)));
            }
        }
    }

    /**
     * Marks the token used if nobody did before; false when it was used already (a replay, or another
     * instance's request with the same token that won).
     */
    public static boolean claim(Connection c, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE oauth_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
            s.setObject(1, UtcDateTime.toDatabase(now));
            s.setString(2, tokenHash);
            return s.executeUpdate() == 1;
        }
    }

    /** Stores a new pair (hashes only) for the authorization. */
    public static void storePair(Connection c, long authorizationId, String accessHash, Instant accessExpiresAt,
                                 String refreshHash, Instant refreshExpiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO oauth_token (token_hash, authorization_id, kind, expires_at)"
                + " VALUES (?, ?, ?, ?), (?, ?, ?, ?)")) {
            s.setString(1, accessHash);
            s.setLong(2, authorizationId);
            s.setString(3, OAuthToken.Kind.ACCESS.name());
            s.setObject(4, UtcDateTime.toDatabase(accessExpiresAt));
            s.setString(5, refreshHash);
            s.setLong(6, authorizationId);
            s.setString(7, OAuthToken.Kind.REFRESH.name());
            s.setObject(8, UtcDateTime.toDatabase(refreshExpiresAt));
            s.executeUpdate();
        }
    }
}
