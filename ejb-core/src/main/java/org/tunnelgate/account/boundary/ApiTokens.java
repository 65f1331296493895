package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.ApiToken;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Tokens for the admin REST API (issue 12): an admin makes one in the console — read-only or
 * read-write, with an optional expiry — sees it once, and revokes it there. A token acts as the
 * admin who made it, and only while that account is an enabled admin; only its SHA-256 is stored.
 */
@Stateless
public class ApiTokens {

    /** What every token starts with, so that one found in a log or a repository is recognisable. */
    public static final String PREFIX = "tgat_";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token as its maker sees it once: the secret text, and what it is. */
    public record Created(String token, ApiToken apiToken) {
        @Override
        public String toString() {
            return "Created[" + apiToken.getName() + "]"; // never the token
        }
    }

    /** Who a presented token acts as, and whether it may only read. */
    public record Grant(long tokenId, String accountName, boolean readOnly) {}

    @PersistenceContext
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Clock clock;

    public Created create(String ownerName, String name, ApiToken.Scope scope, Duration validFor) {
        if (name == null || name.isBlank() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw AccountRefused.invalid("A token needs a name of 1 to 64 printable characters.");
        }
        if (scope == null) {
            throw AccountRefused.invalid("A token is read-only or read-write.");
        }
        if (validFor != null && (validFor.isNegative() || validFor.isZero() || validFor.compareTo(Duration.ofDays(3660)) > 0)) {
            throw AccountRefused.invalid("A token expires after 1 to 3660 days, or never.");
        }
        Account owner = accounts.findByName(ownerName).filter(a -> a.isAdmin() && a.isEnabled())
                .orElseThrow(() -> AccountRefused.forbidden("Only administrators may make API tokens."));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        var apiToken = new ApiToken(name.strip(), hash(token), scope, owner.getId(), now,
                validFor == null ? null : now.plus(validFor));
        em.persist(apiToken);
        em.flush(); // the id is the audit trail's target
        return new Created(token, apiToken);
    }

    public List<ApiToken> all() {
        return em.createNamedQuery(ApiToken.ALL, ApiToken.class).getResultList();
    }

    /** The name of a token's admin, for the console's list. */
    public String ownerOf(ApiToken token) {
        Account owner = em.find(Account.class, token.getAccountId());
        return owner == null ? "?" : owner.getName();
    }

    /** Revokes (deletes) a token; false if there is none with this id. */
    public boolean revoke(long tokenId) {
        ApiToken token = em.find(ApiToken.class, tokenId);
        if (token == null) {
            return false;
        }
        em.remove(token);
        return true;
    }

    /**
     * Who a presented token acts as: empty when it is unknown, revoked, expired, or its admin is
     * no longer an enabled admin. Notes the use at most once a minute.
     */
    public Optional<Grant> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class)
                .setParameter("hash", hash(presented)).getResultStream().findFirst()
                .filter(t -> !t.isExpired(now));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Account owner = em.find(Account.class, token.get().getAccountId());
        if (owner == null || !owner.isAdmin() || !owner.isEnabled()) {
            return Optional.empty();
        }
        Instant last = token.get().getLastUsedAt();
        if (last == null || last.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            em.createNativeQuery("UPDATE api_token SET last_used_at = ? WHERE id = ?")
                    .setParameter(1, UtcDateTime.toDatabase(now)).setParameter(2, token.get().getId()).executeUpdate();
        }
        return Optional.of(new Grant(token.get().getId(), owner.getName(), token.get().isReadOnly()));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
