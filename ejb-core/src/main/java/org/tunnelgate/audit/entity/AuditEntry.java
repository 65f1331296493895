package org.tunnelgate.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited action. Never changed after it is written. */
@Entity
@Table(name = "audit_entry")
@NamedQuery(name = AuditEntry.RECENT, query = "SELECT e FROM AuditEntry e ORDER BY e.occurredAt DESC, e.id DESC")
public class AuditEntry {

    public static final String RECENT = "AuditEntry.recent";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false, length = 64)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(nullable = false)
    private String target;

    @Column(nullable = false)
    private String outcome;

    protected AuditEntry() {} // for JPA

    public AuditEntry(Instant occurredAt, String actor, String action, String target, String outcome) {
        this.occurredAt = occurredAt;
        this.actor = cut(actor, 64);
        this.action = cut(action, 64);
        this.target = cut(target, 255);
        this.outcome = cut(outcome, 255);
    }

    private static String cut(String value, int max) {
        String v = value == null ? "" : value;
        return v.length() > max ? v.substring(0, max) : v;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getOutcome() {
        return outcome;
    }
}
