package org.tunnelgate.node.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.tunnelgate.platform.UtcDateTime;

/**
 * {@code node list}: one line per node with the state an operator asks about first — unmanaged,
 * registered, awaiting enrollment, maintenance, or the last probe's up/down (with why) — its agent,
 * public host, sessions and profiles.
 */
final class NodeListing {

    private NodeListing() {}

    static void print(Connection db, PrintStream out) throws SQLException {
        String sql = "SELECT n.name, n.public_host, n.agent_url, n.location, n.capacity, n.maintenance, n.enrolled_at,"
                + " n.enrollment_expires_at, h.state, h.reason, h.since,"
                + " (SELECT COUNT(*) FROM vpn_configuration c WHERE c.node_name = n.name) AS sessions,"
                + " (SELECT GROUP_CONCAT(p.profile_id ORDER BY p.profile_id SEPARATOR ',') FROM vpn_profile_node p"
                + "   WHERE p.node_name = n.name) AS profiles"
                + " FROM vpn_node n LEFT JOIN node_health h ON h.node_name = n.name ORDER BY n.name";
        out.printf("%-20s %-12s %-30s %-28s %8s  %s%n", "NAME", "STATE", "AGENT", "PUBLIC HOST", "SESSIONS", "PROFILES");
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String state;
                if (r.getString("agent_url") == null) {
                    state = "unmanaged";
                } else if (r.getObject("enrolled_at") == null) {
                    state = r.getObject("enrollment_expires_at") == null ? "registered" : "awaiting-enrollment";
                } else if (r.getBoolean("maintenance")) {
                    state = "maintenance";
                } else {
                    state = r.getString("state") == null ? "unknown" : r.getString("state");
                }
                String since = r.getObject("since") == null ? ""
                        : " since " + UtcDateTime.read(r, "since");
                String reason = r.getString("reason") == null || !"down".equals(state) ? "" : " (" + r.getString("reason") + ")";
                out.printf("%-20s %-12s %-30s %-28s %8d  %s%s%s%n", r.getString("name"), state,
                        r.getString("agent_url") == null ? "-" : r.getString("agent_url"), r.getString("public_host"),
                        r.getLong("sessions"), r.getString("profiles") == null ? "-" : r.getString("profiles"), since, reason);
            }
        }
    }
}
