package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import org.tunnelgate.account.entity.LoginFailure;

/**
 * Records a wrong password given where a login is not the point (the current password of a
 * password change) as a failed login, in a transaction of its own: the refusal that follows rolls
 * the caller's transaction back, and the failure must count all the same.
 */
@Stateless
public class FailedPasswordChecks {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String name, String clientAddress) {
        em.persist(new LoginFailure(name.length() > 64 ? name.substring(0, 64) : name,
                clientAddress == null ? "unknown" : clientAddress, clock.instant()));
    }
}
