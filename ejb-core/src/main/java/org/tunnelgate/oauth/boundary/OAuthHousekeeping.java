package org.tunnelgate.oauth.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.tunnelgate.oauth.entity.Authorization;
import org.tunnelgate.oauth.entity.AuthorizationCode;
import org.tunnelgate.oauth.entity.OAuthToken;
import org.tunnelgate.platform.ControllerInstance;

/**
 * Removes what can no longer be used, every {@link #PERIOD} once for the whole cluster (one
 * instance runs each period, see {@link ControllerInstance#claim}; another takes over when it
 * dies). Not on every instance: revoking an expired authorization removes its configurations
 * and tells their nodes, which two instances doing the same batch at once would do twice (the
 * later commit failing on a certification conflict, its whole batch rolled back). Codes stay a
 * day past expiry so replays are still recognised.
 */
@Stateless
public class OAuthHousekeeping {

    static final String JOB = "oauth-housekeeping";
    static final Duration PERIOD = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(OAuthHousekeeping.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Authorizations authorizations;

    @EJB
    ControllerInstance instance;

    @Resource
    SessionContext self;

    /** Every 2 s on each instance: renews the lease, runs when this period is ours. */
    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        instance.claim(JOB, PERIOD).ifPresent(run -> {
            try {
                self.getBusinessObject(OAuthHousekeeping.class).removeExpired();
            } catch (RuntimeException e) {
                LOG.warning(() -> "OAuth housekeeping failed, the next period retries: " + e);
            }
        });
    }

    /** One run, in a transaction of its own. */
    public void removeExpired() {
        Instant now = clock.instant();
        em.createNamedQuery(AuthorizationCode.DELETE_STALE)
                .setParameter("before", now.minus(Duration.ofDays(1))).executeUpdate();
        em.createNamedQuery(OAuthToken.DELETE_EXPIRED_ACCESS).setParameter("now", now).executeUpdate();
        em.createNamedQuery(Authorization.EXPIRED, Long.class).setParameter("now", now).setMaxResults(1000)
                .getResultList().forEach(id -> authorizations.revoke(id, "expired"));
    }
}
