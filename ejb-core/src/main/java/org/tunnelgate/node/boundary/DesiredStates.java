package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.RepairLog;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.openvpn.boundary.OpenVpnAuthority;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * A node's complete desired state: built from the database (its WireGuard profiles and peers, read
 * with node's own SQL) and the OpenVPN it serves, sent to its agent with a new generation, and the
 * generation (and, for a repair, what was repaired) recorded. Used by the probe and by
 * reconciliation ({@link NodeSync}, {@link Reconciliation}); each call runs its own short JDBC
 * transactions, never one that waits on a node.
 */
@ApplicationScoped
public class DesiredStates {

    private static final Logger LOG = Logger.getLogger(DesiredStates.class.getName());
    /** Why a state is sent at once: a server certificate in its last month was re-issued while the state was built. */
    static final String RENEWED = "an OpenVPN server certificate was renewed";

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    NodeClient client;

    @Inject
    Clock clock;

    @Inject
    Profiles profiles;

    @Inject
    OpenVpnAuthority openVpn;

    /**
     * Sends the complete desired state with the generation after {@code after}; a repair (not a
     * node's first state) is recorded in node_repair. Returns the generation sent.
     */
    public long push(Node node, DesiredState desired, long after, long fencingToken, boolean repair, int added,
                     int removed, String why) {
        long generation = after + 1;
        JsonObject answer = client.applyState(node, desired.toJson(generation));
        LOG.info(() -> "node " + node.name() + ": desired state " + generation + " sent (" + why + "): " + answer.get("changes"));
        int peers = desired.peers().size();
        JdbcTransaction.run(dataSource, c -> {
            NodeHealthStore.recordHealthGeneration(c, node.name(), generation);
            if (repair) {
                RepairLog.recordRepair(c, node.name(), clock.instant(), fencingToken, added < 0 ? peers : added,
                        Math.max(removed, 0), why);
            }
            return null;
        });
        return generation;
    }

    /**
     * Records that the node is owed a state of at least this generation before it is sent, so a
     * push that fails now is repeated by the next probe (it finds the agent's generation older):
     * a renewed OpenVPN server certificate, already in the database, is not left behind.
     */
    public long owe(Node node, long generation) {
        JdbcTransaction.run(dataSource, c -> {
            NodeHealthStore.recordHealthGeneration(c, node.name(), generation);
            return null;
        });
        return generation;
    }

    /**
     * What the node should carry now. Building it re-issues an OpenVPN server certificate in its
     * last month ({@link DesiredState#renewedServerCertificate()}): the caller sends it at once.
     */
    public DesiredState desired(Node node) {
        return withPeers(node, shape(node));
    }

    /**
     * The node's state without its peers: its WireGuard interfaces and OpenVPN processes, which the
     * health probe compares with the agent's status every few seconds. Reading every peer for that
     * (10,000 rows per node every 3 s) was the controller's largest steady cost with many peers.
     * Building it renews a server certificate like {@link #desired}.
     */
    public DesiredState shape(Node node) {
        List<DesiredState.OpenVpnServer> openVpn = openVpnServers(node);
        return JdbcTransaction.run(dataSource, c -> new DesiredState(NodeStore.servedWireGuard(c, node.name()), List.of(), openVpn));
    }

    /** A {@link #shape} with the node's peers as the database has them now: a state to send. */
    public DesiredState withPeers(Node node, DesiredState shape) {
        return JdbcTransaction.run(dataSource, c -> new DesiredState(shape.profiles(), NodeStore.peers(c, node.name()), shape.openVpn()));
    }

    /**
     * The profiles whose OpenVPN the node serves (the profile offers OpenVPN, names the node and
     * gave it a share of its OpenVPN ranges). Without the master key or the CA no OpenVPN is
     * served, which is logged; the node's WireGuard is not held up by it.
     */
    private List<DesiredState.OpenVpnServer> openVpnServers(Node node) {
        List<DesiredState.OpenVpnServer> servers = new ArrayList<>();
        for (Profile profile : profiles.all()) {
            if (!profile.protocols().contains(Protocol.OPENVPN)) {
                continue;
            }
            ProfileNode share = profile.nodes().stream().filter(n -> n.nodeName().equals(node.name())).findFirst().orElse(null);
            if (share == null) {
                continue;
            }
            List<DesiredState.Listener> listeners = DesiredState.listeners(profile.openvpnUdpPorts(), profile.openvpnTcpPorts(),
                    share.openvpnIpv4Range(), share.openvpnIpv6Range());
            if (listeners.isEmpty()) {
                continue;
            }
            try {
                servers.add(new DesiredState.OpenVpnServer(profile.profileId(),
                        openVpn.serverSide(node.name(), node.publicHost(), profile.profileId()),
                        profile.routes().stream().map(IpPrefix::toString).toList(), profile.dnsServers(),
                        profile.defaultGateway(), listeners));
            } catch (RuntimeException e) {
                LOG.warning(() -> "node " + node.name() + " gets no OpenVPN for profile " + profile.profileId() + ": " + e.getMessage());
            }
        }
        return servers;
    }
}
