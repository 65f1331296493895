package org.tunnelgate.stats.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The connection log's SQL. WireGuard has no "connected" event: a peer counts as connected while its
 * latest handshake is younger than {@link #WIREGUARD_IDLE} (WireGuard renews the handshake every two
 * minutes while traffic flows), so a session opens at the first recent handshake seen and closes at
 * the last one once that is older, or when the peer is gone from the node. Reading the log:
 * {@link ConnectionLookups}.
 */
public final class ConnectionStore {

    public static final Duration WIREGUARD_IDLE = Duration.ofMinutes(3);

    /** A node's peer as reconciliation saw it. */
    public record SeenPeer(String publicKey, String endpoint, Instant latestHandshake, long bytesIn, long bytesOut) {}

    private ConnectionStore() {}

    /** Opens, updates and closes the WireGuard sessions of one node from what its peers report. */
    public static void observeWireGuard(Connection c, String nodeName, List<SeenPeer> peers, Instant now) throws SQLException {
        Map<String, Long> open = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT l.id, v.wg_public_key FROM connection_log l"
                + " JOIN vpn_configuration v ON v.id = l.configuration_id"
                + " WHERE l.node_name = ? AND l.protocol = 'wireguard' AND l.disconnected_at IS NULL")) {
            s.setString(1, nodeName);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    open.put(rows.getString(2), rows.getLong(1));
                }
            }
        }
        for (SeenPeer peer : peers) {
            boolean active = peer.latestHandshake() != null && peer.latestHandshake().isAfter(now.minus(WIREGUARD_IDLE));
            Long session = open.remove(peer.publicKey());
            if (session != null) {
                update(c, session, peer, active ? null : peer.latestHandshake());
            } else if (active) {
                open(c, nodeName, peer);
            }
        }
        // sessions whose peer is gone from the node (configuration removed or node state lost)
        for (long session : open.values()) {
            close(c, session, now);
        }
        closeRemoved(c, nodeName, now);
    }

    /**
     * An OpenVPN client's tunnel came up on a node: a session opens, unless the same one is open
     * already (a report delivered twice). An open session of the configuration on that node with
     * other addresses (its disconnect was lost) ends now.
     */
    public static void openVpnConnected(Connection c, String nodeName, long configurationId, long accountId, String accountName,
                                        String profileId, String ipv4, String ipv6, String origin, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, ipv4, ipv6 FROM connection_log WHERE configuration_id = ?"
                + " AND node_name = ? AND protocol = 'openvpn' AND disconnected_at IS NULL FOR UPDATE")) {
            s.setLong(1, configurationId);
            s.setString(2, nodeName);
            try (ResultSet rows = s.executeQuery()) {
                List<Long> stale = new ArrayList<>();
                while (rows.next()) {
                    if (java.util.Objects.equals(rows.getString(2), ipv4) && java.util.Objects.equals(rows.getString(3), ipv6)) {
                        return;
                    }
                    stale.add(rows.getLong(1));
                }
                for (long session : stale) {
                    close(c, session, at);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO connection_log (configuration_id, account_id,"
                + " account_name, profile_id, node_name, protocol, ipv4, ipv6, origin, connected_at, bytes_in, bytes_out)"
                + " VALUES (?, ?, ?, ?, ?, 'openvpn', ?, ?, ?, ?, 0, 0)")) {
            s.setLong(1, configurationId);
            s.setLong(2, accountId);
            s.setString(3, accountName);
            s.setString(4, profileId);
            s.setString(5, nodeName);
            s.setString(6, ipv4);
            s.setString(7, ipv6);
            s.setString(8, origin);
            s.setObject(9, UtcDateTime.toDatabase(at));
            s.executeUpdate();
        }
    }

    /** An OpenVPN client left a node: its open session there ends now with the bytes it moved. */
    public static void openVpnDisconnected(Connection c, String nodeName, long configurationId, long bytesIn, long bytesOut,
                                           Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connection_log SET disconnected_at = ?,"
                + " bytes_in = GREATEST(bytes_in, ?), bytes_out = GREATEST(bytes_out, ?)"
                + " WHERE configuration_id = ? AND node_name = ? AND protocol = 'openvpn' AND disconnected_at IS NULL")) {
            s.setObject(1, UtcDateTime.toDatabase(at));
            s.setLong(2, bytesIn);
            s.setLong(3, bytesOut);
            s.setLong(4, configurationId);
            s.setString(5, nodeName);
            s.executeUpdate();
        }
    }

    /** Sessions of configurations that no longer exist end now (their peer was removed). */
    static void closeRemoved(Connection c, String nodeName, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connection_log l SET disconnected_at = ?"
                + " WHERE l.node_name = ? AND l.disconnected_at IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM vpn_configuration v WHERE v.id = l.configuration_id)")) {
            s.setObject(1, UtcDateTime.toDatabase(now));
            s.setString(2, nodeName);
            s.executeUpdate();
        }
    }

    private static void open(Connection c, String nodeName, SeenPeer peer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO connection_log (configuration_id, account_id,"
                + " account_name, profile_id, node_name, protocol, ipv4, ipv6, origin, connected_at, bytes_in, bytes_out)"
                + " SELECT v.id, v.account_id, a.name, v.profile_id, v.node_name, 'wireguard', v.ipv4, v.ipv6, ?, ?, ?, ?"
                + " FROM vpn_configuration v JOIN account a ON a.id = v.account_id"
                + " WHERE v.node_name = ? AND v.wg_public_key = ? ORDER BY v.id DESC LIMIT 1")) {
            s.setString(1, origin(peer.endpoint()));
            s.setObject(2, UtcDateTime.toDatabase(peer.latestHandshake()));
            s.setLong(3, peer.bytesIn());
            s.setLong(4, peer.bytesOut());
            s.setString(5, nodeName);
            s.setString(6, peer.publicKey());
            s.executeUpdate(); // no row: the configuration is gone already, nothing to log
        }
    }

    private static void update(Connection c, long session, SeenPeer peer, Instant disconnectedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connection_log SET bytes_in = GREATEST(bytes_in, ?),"
                + " bytes_out = GREATEST(bytes_out, ?), disconnected_at = ? WHERE id = ?")) {
            s.setLong(1, peer.bytesIn());
            s.setLong(2, peer.bytesOut());
            s.setObject(3, disconnectedAt == null ? null : UtcDateTime.toDatabase(disconnectedAt));
            s.setLong(4, session);
            s.executeUpdate();
        }
    }

    private static void close(Connection c, long session, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE connection_log SET disconnected_at = ? WHERE id = ?")) {
            s.setObject(1, UtcDateTime.toDatabase(at));
            s.setLong(2, session);
            s.executeUpdate();
        }
    }

    /** The host part of {@code host:port} / {@code [v6]:port}; null when there is none. */
    static String origin(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        String host = endpoint.startsWith("[") ? endpoint.substring(1, Math.max(1, endpoint.indexOf(']')))
                : endpoint.contains(":") ? endpoint.substring(0, endpoint.lastIndexOf(':')) : endpoint;
        return host.length() > 64 ? host.substring(0, 64) : host;
    }
}
