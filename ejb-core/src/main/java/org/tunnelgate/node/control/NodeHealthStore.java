package org.tunnelgate.node.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.platform.UtcDateTime;

/**
 * {@code node_health}: each node's last probe (state, why, since when, the generation last sent),
 * what the probe learned of its agent, and when reconciliation last compared it. Written by every
 * probe, so plain JDBC inside the caller's short {@link org.tunnelgate.platform.JdbcTransaction}.
 */
public final class NodeHealthStore {

    /** A node's last probe. */
    public record Health(String state, String reason, Instant since, Instant checkedAt, long generation) {}

    /** What the last probe learned of a node's agent, and when reconciliation last compared the node. */
    public record AgentFacts(String version, int clients, Instant reconciledAt) {}

    private NodeHealthStore() {}

    /** The health to show and to place by: unknown for a bare registry row or before the first probe. */
    public static NodeHealth healthOf(Node node, Health probe) {
        if (!node.isManaged() || probe == null) {
            return NodeHealth.unknown();
        }
        return new NodeHealth(probe.state(), probe.reason(), probe.since(), probe.checkedAt());
    }

    public static Map<String, Health> health(Connection c) throws SQLException {
        Map<String, Health> health = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT node_name, state, reason, since, checked_at, generation FROM node_health");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                health.put(rows.getString(1), new Health(rows.getString(2), rows.getString(3),
                        UtcDateTime.read(rows, 4), UtcDateTime.read(rows, 5), rows.getLong(6)));
            }
        }
        return health;
    }

    /** Records a probe; {@code since} moves only when the state changes. */
    public static void recordHealth(Connection c, String nodeName, String state, String reason, Instant now, long generation)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO node_health (node_name, state, reason, since, checked_at, generation)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " since = IF(state = VALUES(state), since, VALUES(since)), state = VALUES(state), reason = VALUES(reason),"
                + " checked_at = VALUES(checked_at), generation = GREATEST(generation, VALUES(generation))")) {
            s.setString(1, nodeName);
            s.setString(2, state);
            s.setString(3, reason == null ? null : reason.length() > 255 ? reason.substring(0, 255) : reason);
            s.setObject(4, UtcDateTime.toDatabase(now));
            s.setObject(5, UtcDateTime.toDatabase(now));
            s.setLong(6, generation);
            s.executeUpdate();
        }
    }

    public static Map<String, AgentFacts> agentFacts(Connection c) throws SQLException {
        Map<String, AgentFacts> facts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, agent_version, client_count, reconciled_at FROM node_health");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                facts.put(rows.getString(1), new AgentFacts(rows.getString(2), rows.getInt(3), UtcDateTime.read(rows, 4)));
            }
        }
        return facts;
    }

    /** The agent's version and OpenVPN client count as its status reported them (after {@link #recordHealth}). */
    public static void recordAgent(Connection c, String nodeName, String version, int clients) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE node_health SET agent_version = ?, client_count = ? WHERE node_name = ?")) {
            s.setString(1, version == null ? null : version.length() > 64 ? version.substring(0, 64) : version);
            s.setInt(2, clients);
            s.setString(3, nodeName);
            s.executeUpdate();
        }
    }

    /** Reconciliation compared the node with the database (repaired or not). */
    public static void recordReconciled(Connection c, String nodeName, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE node_health SET reconciled_at = ? WHERE node_name = ?")) {
            s.setObject(1, UtcDateTime.toDatabase(at));
            s.setString(2, nodeName);
            s.executeUpdate();
        }
    }

    /** The generation last sent to a node (never lowered). */
    public static void recordHealthGeneration(Connection c, String nodeName, long generation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE node_health SET generation = GREATEST(generation, ?) WHERE node_name = ?")) {
            s.setLong(1, generation);
            s.setString(2, nodeName);
            s.executeUpdate();
        }
    }
}
