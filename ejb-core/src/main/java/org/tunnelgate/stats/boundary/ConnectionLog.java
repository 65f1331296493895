package org.tunnelgate.stats.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.boundary.OpenVpnSessionReported;
import org.tunnelgate.node.boundary.PeersObserved;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.stats.InvalidQuery;
import org.tunnelgate.stats.control.ConnectionLookups;
import org.tunnelgate.stats.control.ConnectionStore;
import org.tunnelgate.stats.entity.LoggedConnection;
import org.tunnelgate.stats.entity.ConnectionFilter;

/**
 * The connection log: who had which VPN address through which node, when, from which address and
 * how many bytes went through. WireGuard sessions are derived from what the nodes' reconciliation
 * observes ({@link PeersObserved}): a session starts at the first recent handshake and ends when
 * the handshakes stop or the peer is removed. OpenVPN sessions are what the nodes report when a
 * client's tunnel comes up and goes ({@link OpenVpnSessionReported}). Answers "who had address X at time T".
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConnectionLog {

    private static final Logger LOG = Logger.getLogger(ConnectionLog.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    public void onPeersObserved(@Observes PeersObserved observed) {
        List<ConnectionStore.SeenPeer> peers = observed.peers().stream()
                .map(p -> new ConnectionStore.SeenPeer(p.publicKey(), p.endpoint(), p.latestHandshake(), p.bytesIn(), p.bytesOut()))
                .toList();
        try {
            JdbcTransaction.run(dataSource, c -> {
                ConnectionStore.observeWireGuard(c, observed.nodeName(), peers, observed.at());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warning(() -> "connection log of node " + observed.nodeName() + " not updated: " + e.getMessage());
        }
    }

    /** OpenVPN sessions as the nodes report them (connected / disconnected). */
    public void onOpenVpnSession(@Observes OpenVpnSessionReported reported) {
        var client = reported.client();
        JdbcTransaction.run(dataSource, c -> {
            if (reported.connected()) {
                ConnectionStore.openVpnConnected(c, reported.nodeName(), reported.configurationId(), reported.accountId(),
                        reported.accountName(), client.profileId(), client.ipv4(), client.ipv6(), client.originatingIp(),
                        reported.at());
            } else {
                ConnectionStore.openVpnDisconnected(c, reported.nodeName(), reported.configurationId(), client.bytesIn(),
                        client.bytesOut(), reported.at());
            }
            return null;
        });
    }

    /** The sessions that had {@code address} (IPv4 or IPv6) at {@code when}; {@link InvalidQuery} if it is no address. */
    public List<LoggedConnection> at(String address, Instant when) {
        String normal = normalized(address);
        return JdbcTransaction.run(dataSource, c -> ConnectionLookups.at(c, normal, when));
    }

    /** Most sessions one page shows. */
    public static final int MAX_PAGE = 200;

    /**
     * The live sessions, newest first, narrowed by profile, node, account name and protocol (each
     * optional); {@code beforeId} pages on (0: from the newest). {@link InvalidQuery} for a filter
     * that cannot name anything.
     */
    public List<LoggedConnection> live(ConnectionFilter filter, long beforeId, int limit) {
        ConnectionFilter checked = new ConnectionFilter(name("profile", filter.profileId()),
                name("node", filter.nodeName()), name("user", filter.accountName()), protocol(filter.protocol()));
        return JdbcTransaction.run(dataSource, c -> ConnectionLookups.live(c, checked, beforeId, pageSize(limit)));
    }

    /** Every session of the account with this name, newest first (also after the account was deleted). */
    public List<LoggedConnection> ofAccount(String accountName, long beforeId, int limit) {
        String name = name("user", accountName);
        if (name == null) {
            throw new InvalidQuery("user is missing");
        }
        return JdbcTransaction.run(dataSource, c -> ConnectionLookups.ofAccount(c, name, beforeId, pageSize(limit)));
    }

    public java.util.Optional<LoggedConnection> find(long id) {
        return JdbcTransaction.run(dataSource, c -> ConnectionLookups.find(c, id));
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidQuery("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    /** A name filter: null or blank for none; at most 64 characters, as the log's columns hold. */
    private static String name(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 64) {
            throw new InvalidQuery(what + " must be at most 64 characters");
        }
        return value.strip();
    }

    private static String protocol(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.equals("wireguard") && !value.equals("openvpn")) {
            throw new InvalidQuery("protocol must be wireguard or openvpn");
        }
        return value;
    }

    /** The address as the configurations store it (our own IPv6 notation), whatever way it was written. */
    static String normalized(String address) {
        if (address == null || address.length() > 45 || !address.matches("[0-9A-Fa-f.:]+")) {
            throw new InvalidQuery("address must be an IPv4 or IPv6 address");
        }
        try {
            return IpPrefix.parse(address + (address.contains(":") ? "/128" : "/32")).addressAt(0);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("address must be an IPv4 or IPv6 address");
        }
    }
}
