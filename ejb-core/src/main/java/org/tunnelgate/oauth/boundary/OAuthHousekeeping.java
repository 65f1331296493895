package org.tunnelgate.oauth.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.tunnelgate.oauth.entity.Authorization;
import org.tunnelgate.oauth.entity.AuthorizationCode;
import org.tunnelgate.oauth.entity.OAuthToken;

/**
 * Removes what can no longer be used. Runs on every instance (non-persistent timer); the deletes are
 * idempotent, so running twice is harmless. Codes stay a day past expiry so replays are still recognised.
 */
@Stateless
public class OAuthHousekeeping {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Authorizations authorizations;

    @Schedule(hour = "*", minute = "*/15", persistent = false)
    public void removeExpired() {
        Instant now = clock.instant();
        em.createNamedQuery(AuthorizationCode.DELETE_STALE)
                .setParameter("before", now.minus(Duration.ofDays(1))).executeUpdate();
        em.createNamedQuery(OAuthToken.DELETE_EXPIRED_ACCESS).setParameter("now", now).executeUpdate();
        em.createNamedQuery(Authorization.EXPIRED, Long.class).setParameter("now", now).setMaxResults(1000)
                .getResultList().forEach(id -> authorizations.revoke(id, "expired"));
    }
}
