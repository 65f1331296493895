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

    public static final int ACTOR_CHARS = 64;
    public static final int ACTION_CHARS = 64;
    public static final int TEXT_CHARS = 255;
    public static final int ADDRESS_CHARS = 45;

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

    @Column(name = "from_address", length = 45)
    private String fromAddress;

    protected AuditEntry() {} // for JPA

    public AuditEntry(Instant occurredAt, String actor, String action, String target, String outcome) {
        this.occurredAt = occurredAt;
        this.actor = cut(actor, ACTOR_CHARS);
        this.action = cut(action, ACTION_CHARS);
        this.target = cut(target, TEXT_CHARS);
        this.outcome = cut(outcome, TEXT_CHARS);
    }

    /**
     * {@code value} cut to {@code max} characters, null as empty: an over-long target must never make
     * an action unauditable.
     */
    public static String cut(String value, int max) {
        String v = value == null ? "" : value;
        return v.length() > max ? v.substring(0, max) : v;
    }

    public long getId() {
        return id == null ? 0 : id;
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

    /** The client address the action came from; null when it came from no request (a timer, the command-line tool). */
    public String getFromAddress() {
        return fromAddress;
    }

    /** Whether the action was refused or failed, rather than done. */
    public boolean isRefused() {
        return !outcome.startsWith("done");
    }
}
