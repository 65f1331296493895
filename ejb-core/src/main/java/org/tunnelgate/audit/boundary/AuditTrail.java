package org.tunnelgate.audit.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.tunnelgate.audit.control.AuditRecords;
import org.tunnelgate.audit.entity.AuditEntry;

/** Writes and reads the audit trail. */
@Stateless
public class AuditTrail {

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    /**
     * Records an action in its own transaction, so that a refused (rolled back) operation still
     * leaves its trace. The same SQL as the account command-line tool ({@link AuditRecords}).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String actor, String action, String target, String outcome) {
        try (Connection c = dataSource.getConnection()) {
            AuditRecords.insert(c, clock.instant(), actor, action, target, outcome);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the audit trail: " + e.getMessage(), e);
        }
    }

    public List<AuditEntry> recent(int max) {
        return em.createNamedQuery(AuditEntry.RECENT, AuditEntry.class).setMaxResults(max).getResultList();
    }
}
