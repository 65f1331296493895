package org.tunnelgate.oauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What a person granted an app by approving it once: the right to fetch VPN configurations until
 * the session expiry. Every token hangs off an authorization; deleting it (revoke, account disabled,
 * theft detected) makes all of them useless at once.
 */
@Entity
@Table(name = "oauth_authorization")
@NamedQuery(name = Authorization.ACTIVE_OF_ACCOUNT, query = "SELECT a FROM Authorization a"
        + " WHERE a.accountId = :accountId AND a.expiresAt > :now ORDER BY a.authorizedAt DESC, a.id DESC")
@NamedQuery(name = Authorization.DELETE_OF_ACCOUNT, query = "DELETE FROM Authorization a WHERE a.accountId = :accountId")
@NamedQuery(name = Authorization.EXPIRED, query = "SELECT a.id FROM Authorization a WHERE a.expiresAt <= :now")
public class Authorization {

    public static final String ACTIVE_OF_ACCOUNT = "Authorization.activeOfAccount";
    public static final String DELETE_OF_ACCOUNT = "Authorization.deleteOfAccount";
    public static final String EXPIRED = "Authorization.expired";

    /** The only scope the VPN apps ask for. */
    public static final String SCOPE_CONFIG = "config";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "client_id", nullable = false, length = 128)
    private String clientId;

    @Column(nullable = false, length = 64)
    private String scope;

    @Column(name = "authorized_at", nullable = false)
    private Instant authorizedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected Authorization() {}

    public Authorization(long accountId, String clientId, Instant authorizedAt, Instant expiresAt) {
        this.accountId = accountId;
        this.clientId = clientId;
        this.scope = SCOPE_CONFIG;
        this.authorizedAt = authorizedAt;
        this.expiresAt = expiresAt;
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getClientId() {
        return clientId;
    }

    public String getScope() {
        return scope;
    }

    public Instant getAuthorizedAt() {
        return authorizedAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
