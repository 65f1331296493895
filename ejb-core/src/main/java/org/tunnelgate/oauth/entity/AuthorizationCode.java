package org.tunnelgate.oauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A one-time authorization code, waiting for the app to exchange it. The row outlives its use so a
 * replay can be recognised and the authorization it created revoked.
 */
@Entity
@Table(name = "oauth_code")
@NamedQuery(name = AuthorizationCode.CLAIM, query = "UPDATE AuthorizationCode c SET c.usedAt = :now"
        + " WHERE c.codeHash = :hash AND c.usedAt IS NULL")
@NamedQuery(name = AuthorizationCode.DELETE_STALE, query = "DELETE FROM AuthorizationCode c WHERE c.expiresAt < :before")
public class AuthorizationCode {

    public static final String CLAIM = "AuthorizationCode.claim";
    public static final String DELETE_STALE = "AuthorizationCode.deleteStale";

    @Id
    @Column(name = "code_hash", length = 64)
    private String codeHash;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "client_id", nullable = false, length = 128)
    private String clientId;

    @Column(name = "redirect_uri", nullable = false, length = 2048)
    private String redirectUri;

    @Column(name = "code_challenge", nullable = false, length = 128)
    private String codeChallenge;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    /** Set once the code was exchanged, so that a replay knows what to revoke. */
    @Column(name = "authorization_id")
    private Long authorizationId;

    protected AuthorizationCode() {}

    public AuthorizationCode(String codeHash, long accountId, String clientId, String redirectUri,
                             String codeChallenge, Instant createdAt, Instant expiresAt) {
        this.codeHash = codeHash;
        this.accountId = accountId;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.codeChallenge = codeChallenge;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public boolean isUsed() {
        return usedAt != null;
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public boolean wasIssuedFor(String clientId, String redirectUri) {
        return this.clientId.equals(clientId) && this.redirectUri.equals(redirectUri);
    }

    public void exchangedFor(long authorizationId) {
        this.authorizationId = authorizationId;
    }

    public String getCodeHash() {
        return codeHash;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getClientId() {
        return clientId;
    }

    public String getCodeChallenge() {
        return codeChallenge;
    }

    public Long getAuthorizationId() {
        return authorizationId;
    }
}
