package org.tunnelgate.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import org.tunnelgate.audit.entity.AuditEntry;

/** Writes and reads the audit trail. */
@Stateless
public class AuditTrail {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Records an action in its own transaction, so that a refused (rolled back) operation still
     * leaves its trace.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String actor, String action, String target, String outcome) {
        em.persist(new AuditEntry(clock.instant(), actor, action, target, outcome));
    }

    public List<AuditEntry> recent(int max) {
        return em.createNamedQuery(AuditEntry.RECENT, AuditEntry.class).setMaxResults(max).getResultList();
    }
}
