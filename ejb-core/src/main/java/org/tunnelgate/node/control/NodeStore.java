package org.tunnelgate.node.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.node.entity.NodeRepair;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The node component's own SQL: what each node should carry (read straight from
 * {@code vpn_configuration} and {@code vpn_profile_node} — node never imports peer), its load, its
 * last health and the public keys of its WireGuard interfaces. Plain JDBC inside the caller's
 * {@link org.tunnelgate.platform.JdbcTransaction}: these rows are written by every probe and must
 * never sit in a long transaction.
 */
public final class NodeStore {

    /** A profile whose WireGuard a node serves, with the node's share of its ranges. */
    public record ServedProfile(String profileId, int port, String ipv4Share, String ipv6Share) {}

    /** One WireGuard peer that belongs on a node. */
    public record Peer(String profileId, String publicKey, String ipv4, String ipv6) {}

    /** A node's last probe. */
    public record Health(String state, String reason, Instant since, Instant checkedAt, long generation) {}

    private NodeStore() {}

    public static List<ServedProfile> servedWireGuard(Connection c, String nodeName) throws SQLException {
        List<ServedProfile> served = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT pn.profile_id, p.wg_port, pn.wg_ipv4_range, pn.wg_ipv6_range"
                + " FROM vpn_profile_node pn JOIN vpn_profile p ON p.profile_id = pn.profile_id"
                + " WHERE pn.node_name = ? AND pn.wg_ipv4_range IS NOT NULL AND pn.wg_ipv6_range IS NOT NULL"
                + " AND p.wg_port IS NOT NULL ORDER BY pn.profile_id")) {
            s.setString(1, nodeName);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    served.add(new ServedProfile(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return served;
    }

    /** The node's WireGuard peers; one per public key and profile (the newest configuration wins). */
    public static List<Peer> peers(Connection c, String nodeName) throws SQLException {
        Map<String, Peer> byKey = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT profile_id, wg_public_key, ipv4, ipv6 FROM vpn_configuration"
                + " WHERE node_name = ? AND protocol = 'wireguard' AND wg_public_key IS NOT NULL ORDER BY id")) {
            s.setString(1, nodeName);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    Peer peer = new Peer(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4));
                    byKey.put(peer.profileId() + " " + peer.publicKey(), peer);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Of these OpenVPN client certificate common names, those that still belong to a configuration
     * that has not expired, of an enabled account, for a profile the node serves.
     */
    public static java.util.Set<String> admittedOpenVpnClients(Connection c, String nodeName, java.util.Collection<String> commonNames,
                                                               Instant now) throws SQLException {
        java.util.Set<String> admitted = new java.util.HashSet<>();
        List<String> names = new ArrayList<>(commonNames);
        for (int from = 0; from < names.size(); from += 500) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + 500));
            try (PreparedStatement s = c.prepareStatement("SELECT v.cert_common_name FROM vpn_configuration v"
                    + " JOIN account a ON a.id = v.account_id"
                    + " JOIN vpn_profile_node pn ON pn.profile_id = v.profile_id AND pn.node_name = ?"
                    + " WHERE v.protocol = 'openvpn' AND a.enabled = TRUE AND v.expires_at > ? AND v.cert_common_name IN ("
                    + String.join(",", java.util.Collections.nCopies(batch.size(), "?")) + ")")) {
                s.setString(1, nodeName);
                s.setObject(2, UtcDateTime.toDatabase(now));
                for (int i = 0; i < batch.size(); i++) {
                    s.setString(3 + i, batch.get(i));
                }
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        admitted.add(rows.getString(1));
                    }
                }
            }
        }
        return admitted;
    }

    /** WireGuard peers per node: the load placement compares with each node's capacity. */
    public static Map<String, Long> peerCounts(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, COUNT(*) FROM vpn_configuration"
                + " WHERE node_name IS NOT NULL GROUP BY node_name");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** WireGuard peers per node and profile ({@code node + " " + profile}). */
    public static Map<String, Long> peerCountsByProfile(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, profile_id, COUNT(*) FROM vpn_configuration"
                + " WHERE node_name IS NOT NULL GROUP BY node_name, profile_id");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
            }
        }
        return counts;
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

    public static Map<String, Health> health(Connection c) throws SQLException {
        Map<String, Health> health = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT node_name, state, reason, since, checked_at, generation FROM node_health");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                health.put(rows.getString(1), new Health(rows.getString(2), rows.getString(3), instant(rows, 4),
                        instant(rows, 5), rows.getLong(6)));
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

    /** What the last probe learned of a node's agent, and when reconciliation last compared the node. */
    public record AgentFacts(String version, int clients, Instant reconciledAt) {}

    public static Map<String, AgentFacts> agentFacts(Connection c) throws SQLException {
        Map<String, AgentFacts> facts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, agent_version, client_count, reconciled_at FROM node_health");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                facts.put(rows.getString(1), new AgentFacts(rows.getString(2), rows.getInt(3), instant(rows, 4)));
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

    /** Public keys of the WireGuard interfaces, by node and profile ({@code node + " " + profile}). */
    public static Map<String, String> interfaceKeys(Connection c) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT node_name, profile_id, public_key FROM node_wireguard_interface WHERE public_key IS NOT NULL");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                keys.put(rows.getString(1) + " " + rows.getString(2), rows.getString(3));
            }
        }
        return keys;
    }

    public static void storeInterfaceKey(Connection c, String nodeName, String profileId, String interfaceName,
                                         String publicKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO node_wireguard_interface"
                + " (node_name, profile_id, interface_name, public_key) VALUES (?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE interface_name = VALUES(interface_name), public_key = VALUES(public_key)")) {
            s.setString(1, nodeName);
            s.setString(2, profileId);
            s.setString(3, interfaceName);
            s.setString(4, publicKey);
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
                last.put(rows.getString(1), new NodeRepair(instant(rows, 2), rows.getLong(3), rows.getInt(4), rows.getInt(5),
                        rows.getString(6)));
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
                    repairs.add(new NodeRepair(instant(rows, 1), rows.getLong(2), rows.getInt(3), rows.getInt(4), rows.getString(5)));
                }
            }
        }
        return repairs;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : UtcDateTime.fromDatabase(value);
    }
}
