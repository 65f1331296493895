package org.tunnelgate.node.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The node component's own SQL: what each node should carry (read straight from
 * {@code vpn_configuration} and {@code vpn_profile_node} — node never imports peer), its load
 * (WireGuard peers per node and profile) and the public keys of its WireGuard interfaces. Health is
 * in {@link NodeHealthStore}, repairs in {@link RepairLog}. Plain JDBC inside the caller's short
 * {@link org.tunnelgate.platform.JdbcTransaction}.
 */
public final class NodeStore {

    /** A profile whose WireGuard a node serves, with the node's share of its ranges. */
    public record ServedProfile(String profileId, int port, String ipv4Share, String ipv6Share) {}

    /** One WireGuard peer that belongs on a node. */
    public record Peer(String profileId, String publicKey, String ipv4, String ipv6) {}

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

    /**
     * WireGuard peers on each of the given nodes: the load placement compares with each node's
     * capacity on every {@code /connect}. One range of the index {@code (node_name, profile_id)} per
     * node, not a scan of every configuration (V9_2).
     */
    public static Map<String, Long> peerCounts(Connection c, Collection<String> nodeNames) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        if (nodeNames.isEmpty()) {
            return counts;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, COUNT(*) FROM vpn_configuration WHERE node_name IN ("
                + String.join(", ", Collections.nCopies(nodeNames.size(), "?")) + ") GROUP BY node_name")) {
            int i = 1;
            for (String name : nodeNames) {
                s.setString(i++, name);
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * A node that may take a configuration of a profile, as placement reads it: the registry row (a
     * read-only copy, never merged), its last probe (null before the first) and the public key of its
     * WireGuard interface for the profile (null until the node reported one).
     */
    public record Candidate(Node node, NodeHealthStore.Health health, String interfaceKey) {}

    /**
     * The named nodes with their health and their interface key for the profile, by name, in one
     * query: placement runs it on every {@code /connect} (it used to be three, and the registry
     * through JPA).
     */
    public static List<Candidate> candidates(Connection c, String profileId, Collection<String> nodeNames) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        if (nodeNames.isEmpty()) {
            return candidates;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT n.name, n.public_host, n.wg_public_key, n.agent_url, n.location,"
                + " n.capacity, n.cert_serial, n.cert_not_after, n.enrolled_at, n.maintenance,"
                + " h.state, h.reason, h.since, h.checked_at, h.generation, k.public_key"
                + " FROM vpn_node n"
                + " LEFT JOIN node_health h ON h.node_name = n.name"
                + " LEFT JOIN node_wireguard_interface k ON k.node_name = n.name AND k.profile_id = ?"
                + " WHERE n.name IN (" + String.join(", ", Collections.nCopies(nodeNames.size(), "?")) + ")"
                + " ORDER BY n.name")) {
            s.setString(1, profileId);
            int i = 2;
            for (String name : nodeNames) {
                s.setString(i++, name);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Node node = new Node(r.getString(1), r.getString(2), r.getString(3));
                    node.register(new NodeRegistration(node.name(), r.getString(4), node.publicHost(), r.getString(5), r.getInt(6)));
                    if (r.getString(7) != null) {
                        node.enrolled(r.getString(7), UtcDateTime.read(r, 8), UtcDateTime.read(r, 9));
                    }
                    node.setMaintenance(r.getBoolean(10));
                    NodeHealthStore.Health health = r.getString(11) == null ? null : new NodeHealthStore.Health(
                            r.getString(11), r.getString(12), UtcDateTime.read(r, 13), UtcDateTime.read(r, 14), r.getLong(15));
                    candidates.add(new Candidate(node, health, r.getString(16)));
                }
            }
        }
        return candidates;
    }

    /** WireGuard peers per node, every node (the console's node list). */
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

}
