package org.tunnelgate.oauth.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.oauth.control.OAuthSettings;
import org.tunnelgate.oauth.control.SecretTokens;
import org.tunnelgate.oauth.entity.Authorization;
import org.tunnelgate.oauth.entity.AuthorizationCode;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.oauth.entity.OAuthToken;
import org.tunnelgate.oauth.entity.Pkce;

/**
 * The life of an app's authorization: code on consent, tokens on exchange, and revocation (rotation on
 * refresh: {@link TokenRefresh}; the bearer check on every API call: {@link ApiAccess}). Single use is enforced by conditional updates
 * ({@code … WHERE used_at IS NULL}), so two controller instances racing on the same code or refresh
 * token cannot both win.
 */
@Stateless
public class Authorizations {

    private static final Logger LOG = Logger.getLogger(Authorizations.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    OAuthSettings settings;

    @Inject
    OAuthClients clients;

    @Inject
    Event<AuthorizationRevoked> revoked;

    /** After consent: a one-time code bound to the client, redirect URI and PKCE challenge. */
    public String issueCode(long accountId, String clientId, String redirectUri, String codeChallenge) {
        String code = SecretTokens.generate();
        Instant now = clock.instant();
        em.persist(new AuthorizationCode(SecretTokens.hash(code), accountId, clientId, redirectUri, codeChallenge,
                now, now.plus(settings.codeLifetime())));
        return code;
    }

    public TokenGrant redeemCode(String code, String clientId, String redirectUri, String codeVerifier) {
        if (!SecretTokens.hasShape(code)) {
            return TokenGrant.Refused.invalidGrant("unknown authorization code");
        }
        String hash = SecretTokens.hash(code);
        AuthorizationCode stored = em.find(AuthorizationCode.class, hash);
        if (stored == null) {
            return TokenGrant.Refused.invalidGrant("unknown authorization code");
        }
        Instant now = clock.instant();
        int claimed = em.createNamedQuery(AuthorizationCode.CLAIM).setParameter("hash", hash)
                .setParameter("now", now).executeUpdate();
        if (claimed == 0) {
            em.refresh(stored);
            if (stored.getAuthorizationId() != null) {
                revoke(stored.getAuthorizationId(), "authorization code replayed");
            }
            return TokenGrant.Refused.invalidGrant("authorization code already used; its authorization is revoked");
        }
        if (stored.isExpiredAt(now)) {
            return TokenGrant.Refused.invalidGrant("authorization code expired");
        }
        if (!stored.wasIssuedFor(clientId, redirectUri)) {
            return TokenGrant.Refused.invalidGrant("authorization code was issued to another client or redirect_uri");
        }
        if (!Pkce.verifies(codeVerifier, stored.getCodeChallenge())) {
            return TokenGrant.Refused.invalidGrant("code_verifier does not match the code_challenge");
        }
        if (enabledAccount(stored.getAccountId()).isEmpty()) {
            return TokenGrant.Refused.invalidGrant("account disabled");
        }
        Authorization authorization = new Authorization(stored.getAccountId(), clientId, now,
                now.plus(settings.sessionExpiry()));
        em.persist(authorization);
        em.flush();
        stored.exchangedFor(authorization.getId());
        return issueTokens(authorization, now);
    }

    public List<AuthorizedApplication> activeOf(long accountId) {
        return em.createNamedQuery(Authorization.ACTIVE_OF_ACCOUNT, Authorization.class)
                .setParameter("accountId", accountId).setParameter("now", clock.instant())
                .getResultList().stream()
                .map(a -> new AuthorizedApplication(a.getId(), a.getClientId(),
                        clients.find(a.getClientId()).map(OAuthClient::displayName).orElse(a.getClientId()),
                        a.getAuthorizedAt(), a.getExpiresAt()))
                .toList();
    }

    /** The owner revokes an app; false when the authorization does not exist or is someone else's. */
    public boolean revokeOwn(long accountId, long authorizationId) {
        Authorization authorization = em.find(Authorization.class, authorizationId);
        if (authorization == null || authorization.getAccountId() != accountId) {
            return false;
        }
        revoke(authorizationId, "revoked by its owner");
        return true;
    }

    /** When an account is disabled or deleted, none of its apps may keep working. */
    public int revokeAllOf(long accountId) {
        return revokeAllOf(accountId, "account disabled");
    }

    /** Revokes every authorization of the account (their tokens go with them), saying why in the log. */
    public int revokeAllOf(long accountId, String reason) {
        List<Long> ids = em.createQuery("SELECT a.id FROM Authorization a WHERE a.accountId = :accountId", Long.class)
                .setParameter("accountId", accountId).getResultList();
        ids.forEach(id -> revoke(id, reason));
        return ids.size();
    }

    /** When an operator removes a client, nobody may keep using it. */
    public int revokeAllOfClient(String clientId) {
        List<Long> ids = em.createQuery("SELECT a.id FROM Authorization a WHERE a.clientId = :clientId", Long.class)
                .setParameter("clientId", clientId).getResultList();
        ids.forEach(id -> revoke(id, "client removed"));
        return ids.size();
    }

    public void revoke(long authorizationId, String reason) {
        Authorization authorization = em.find(Authorization.class, authorizationId);
        if (authorization == null) {
            return;
        }
        revoked.fire(new AuthorizationRevoked(authorizationId, authorization.getAccountId(), reason));
        // tokens go with it (ON DELETE CASCADE)
        em.remove(authorization);
        em.flush();
        LOG.info(() -> "OAuth authorization " + authorizationId + " of account " + authorization.getAccountId()
                + " for " + authorization.getClientId() + " revoked: " + reason);
    }

    /** A disabled (or deleted) account's apps stop working at once, whatever tokens they hold. */
    private Optional<Account> enabledAccount(long accountId) {
        return Optional.ofNullable(em.find(Account.class, accountId)).filter(Account::isEnabled);
    }

    private TokenGrant.Issued issueTokens(Authorization authorization, Instant now) {
        Instant accessExpiry = earlier(now.plus(settings.accessTokenLifetime()), authorization.getExpiresAt());
        String access = SecretTokens.generate();
        String refresh = SecretTokens.generate();
        em.persist(new OAuthToken(SecretTokens.hash(access), authorization, OAuthToken.Kind.ACCESS, accessExpiry));
        em.persist(new OAuthToken(SecretTokens.hash(refresh), authorization, OAuthToken.Kind.REFRESH,
                authorization.getExpiresAt()));
        return new TokenGrant.Issued(access, refresh, Duration.between(now, accessExpiry));
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
