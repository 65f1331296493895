package org.tunnelgate.oauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An access or refresh token of an authorization, known only by its hash. Used refresh tokens stay
 * until the authorization goes, so that presenting one again is recognised as theft.
 */
@Entity
@Table(name = "oauth_token")
@NamedQuery(name = OAuthToken.DELETE_EXPIRED_ACCESS, query = "DELETE FROM OAuthToken t"
        + " WHERE t.kind = org.tunnelgate.oauth.entity.OAuthToken.Kind.ACCESS AND t.expiresAt < :now")
public class OAuthToken {

    public static final String DELETE_EXPIRED_ACCESS = "OAuthToken.deleteExpiredAccess";

    public enum Kind { ACCESS, REFRESH }

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "authorization_id", nullable = false)
    private Authorization authorization;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Kind kind;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected OAuthToken() {}

    public OAuthToken(String tokenHash, Authorization authorization, Kind kind, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.authorization = authorization;
        this.kind = kind;
        this.expiresAt = expiresAt;
    }

    public boolean isUsed() {
        return usedAt != null;
    }

    public Authorization getAuthorization() {
        return authorization;
    }

    public Kind getKind() {
        return kind;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
