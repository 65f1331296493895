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
import java.util.ArrayList;
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

    @Inject
    RequestOrigin origin;

    /** What to look for in the trail; a null or blank field matches everything. */
    public record Search(String actor, String action, String target) {

        /** {@code action} matches as a prefix ({@code account.} finds every account action). */
        public Search {
            actor = blankToNull(actor);
            action = blankToNull(action);
            target = blankToNull(target);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /**
     * Records an action in its own transaction, so that a refused (rolled back) operation still
     * leaves its trace. The same SQL as the account command-line tool ({@link AuditRecords}).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String actor, String action, String target, String outcome) {
        try (Connection c = dataSource.getConnection()) {
            AuditRecords.insert(c, clock.instant(), actor, action, target, outcome, fromAddress());
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the audit trail: " + e.getMessage(), e);
        }
    }

    public List<AuditEntry> recent(int max) {
        return em.createNamedQuery(AuditEntry.RECENT, AuditEntry.class).setMaxResults(max).getResultList();
    }

    /**
     * One page of matching entries, newest first, older than the entry {@code beforeId} (0: from
     * the newest). Keyset paging on the id, which grows with time: each search is one range of an
     * index ({@code V7_1__audit_search.sql}), as fast on the last page as on the first.
     */
    public List<AuditEntry> search(Search search, long beforeId, int size) {
        List<String> where = new ArrayList<>();
        if (search.actor() != null) {
            where.add("e.actor = :actor");
        }
        if (search.action() != null) {
            where.add("e.action LIKE :action");
        }
        if (search.target() != null) {
            where.add("e.target = :target");
        }
        if (beforeId > 0) {
            where.add("e.id < :before");
        }
        String jpql = "SELECT e FROM AuditEntry e" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY e.id DESC";
        var query = em.createQuery(jpql, AuditEntry.class).setMaxResults(size);
        if (search.actor() != null) {
            query.setParameter("actor", search.actor());
        }
        if (search.action() != null) {
            query.setParameter("action", search.action().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (search.target() != null) {
            query.setParameter("target", search.target());
        }
        if (beforeId > 0) {
            query.setParameter("before", beforeId);
        }
        return query.getResultList();
    }

    private String fromAddress() {
        return origin.address(); // null for a timer or another call outside any request
    }
}
