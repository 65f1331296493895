package org.tunnelgate.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.tunnelgate.audit.entity.AuditEntry;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Writes one line of the audit trail ({@code audit_entry}) on a connection the caller owns — the one
 * piece of SQL both the application ({@link org.tunnelgate.audit.boundary.AuditTrail}) and the
 * account command-line tool, which runs without the server, use. Values longer than their columns
 * are cut as {@link AuditEntry#cut} does.
 */
public final class AuditRecords {

    private AuditRecords() {}

    public static void insert(Connection c, Instant at, String actor, String action, String target, String outcome)
            throws SQLException {
        insert(c, at, actor, action, target, outcome, null);
    }

    /** As {@link #insert(Connection, Instant, String, String, String, String)}, from a client address (or null). */
    public static void insert(Connection c, Instant at, String actor, String action, String target, String outcome,
                              String fromAddress) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_entry (occurred_at, actor, action, target, outcome, from_address) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UtcDateTime.toDatabase(at));
            insert.setString(2, AuditEntry.cut(actor, AuditEntry.ACTOR_CHARS));
            insert.setString(3, AuditEntry.cut(action, AuditEntry.ACTION_CHARS));
            insert.setString(4, AuditEntry.cut(target, AuditEntry.TEXT_CHARS));
            insert.setString(5, AuditEntry.cut(outcome, AuditEntry.TEXT_CHARS));
            insert.setString(6, fromAddress == null ? null : AuditEntry.cut(fromAddress, AuditEntry.ADDRESS_CHARS));
            insert.executeUpdate();
        }
    }
}
