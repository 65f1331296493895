package org.tunnelgate.node.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.node.entity.NodeRepair;
import org.tunnelgate.platform.UtcDateTime;

/**
 * {@code node_repair}: what reconciliation repaired on each node (peers added and removed, why),
 * with the fencing token of the run that did it — for the console, the admin API and the metrics.
 */
public final class RepairLog {

    private RepairLog() {}

    /** What a reconciliation repaired on a node, with the fencing token of the run that did it. */
    public static void recordRepair(Connection c, String nodeName, Instant at, long fencingToken, int added, int removed,
                                    String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO node_repair"
                + " (node_name, repaired_at, fencing_token, peers_added, peers_removed, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, nodeName);
            s.setObject(2, UtcDateTime.toDatabase(at));
            s.setLong(3, fencingToken);
            s.setInt(4, added);
            s.setInt(5, removed);
            s.setString(6, detail.length() > 255 ? detail.substring(0, 255) : detail);
            s.executeUpdate();
        }
    }

    /** Each node's latest repair. */
    public static Map<String, NodeRepair> lastRepairs(Connection c) throws SQLException {
        Map<String, NodeRepair> last = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.node_name, r.repaired_at, r.fencing_token, r.peers_added,"
                + " r.peers_removed, r.detail FROM node_repair r"
                + " JOIN (SELECT node_name, MAX(id) AS id FROM node_repair GROUP BY node_name) m ON m.id = r.id");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                last.put(rows.getString(1), new NodeRepair(UtcDateTime.read(rows, 2), rows.getLong(3), rows.getInt(4),
                        rows.getInt(5), rows.getString(6)));
            }
        }
        return last;
    }

    /** The latest repairs, newest first (admin API). */
    public static List<NodeRepair> repairs(Connection c, String nodeName, int limit) throws SQLException {
        List<NodeRepair> repairs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT repaired_at, fencing_token, peers_added, peers_removed, detail"
                + " FROM node_repair WHERE node_name = ? ORDER BY id DESC LIMIT ?")) {
            s.setString(1, nodeName);
            s.setInt(2, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    repairs.add(new NodeRepair(UtcDateTime.read(rows, 1), rows.getLong(2), rows.getInt(3), rows.getInt(4),
                            rows.getString(5)));
                }
            }
        }
        return repairs;
    }

    /** Repairs recorded per node. */
    public static Map<String, Long> repairCounts(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, COUNT(*) FROM node_repair GROUP BY node_name");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }
}
