package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Event;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.openvpn.boundary.OpenVpnAuthority;
import org.tunnelgate.platform.ClusterJobs;
import org.tunnelgate.platform.ControllerInstance;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * The nodes' two scheduled jobs, each run exactly once per period by one controller instance of the
 * cluster (see {@link ControllerInstance#claim}), taken over by another when that one dies:
 * <ul>
 * <li><b>health</b> every {@value #HEALTH_SECONDS} s: probe every managed node
 *     ({@code GET /v1/status}) and cache the outcome as its health — up, down with the reason, or
 *     maintenance — where placement reads it without waiting on any node. A node that lost its
 *     desired state (an agent restarted empty: generation 0, or older than the one sent) or carries
 *     other interfaces gets it again at once, and the public keys of its interfaces are recorded;</li>
 * <li><b>reconcile</b> every {@value #RECONCILE_SECONDS} s: compare every up node's WireGuard peers
 *     ({@code GET /v1/wireguard/peers}) with the database; any difference (a missed push, a peer
 *     left behind) is repaired by sending the complete desired state, and recorded in
 *     {@code node_repair} with the run's fencing token.</li>
 * </ul>
 * What reconciliation sees of the peers (handshakes, bytes, endpoints) is fired as
 * {@link PeersObserved} for the connection log.
 *
 * <p>The agent's peers are read before the database, so a configuration committed in between is
 * added, never removed. Desired states carry increasing generations; an agent refuses an older
 * one, which fences a stale instance's late push.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeSync {

    static final int HEALTH_SECONDS = 3;
    static final int RECONCILE_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(NodeSync.class.getName());

    @EJB
    Nodes nodes;

    @EJB
    ControllerInstance instance;

    @Inject
    NodeClient client;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    Event<PeersObserved> peersObserved;

    @Inject
    Profiles profiles;

    @Inject
    OpenVpnAuthority openVpn;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still busy with a slow node
        }
        try {
            instance.claim("node-health", Duration.ofSeconds(HEALTH_SECONDS)).ifPresent(this::probeAll);
            instance.claim("node-reconcile", Duration.ofSeconds(RECONCILE_SECONDS)).ifPresent(this::reconcileAll);
        } catch (RuntimeException e) {
            LOG.warning(() -> "node jobs failed, will retry: " + e);
        } finally {
            running.set(false);
        }
    }

    void probeAll(ClusterJobs.Run run) {
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        for (Node node : nodes.all()) {
            if (node.isManaged()) {
                try {
                    probe(node, health.get(node.name()), run.fencingToken());
                } catch (RuntimeException e) {
                    LOG.warning(() -> "probe of node " + node.name() + " failed: " + e); // the other nodes still get theirs
                }
            }
        }
    }

    void reconcileAll(ClusterJobs.Run run) {
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        for (Node node : nodes.all()) {
            NodeStore.Health last = health.get(node.name());
            if (node.isManaged() && last != null && !NodeHealth.DOWN.equals(last.state())) {
                try {
                    reconcile(node, last, run.fencingToken());
                } catch (RuntimeException e) {
                    LOG.warning(() -> "reconciliation of node " + node.name() + " failed: " + e);
                }
            }
        }
    }

    /** One node's probe; never throws for the node's own failures (they become its health). */
    void probe(Node node, NodeStore.Health last, long fencingToken) {
        long sent = last == null ? 0 : last.generation();
        try {
            JsonObject status = client.status(node);
            DesiredState desired = desired(node);
            long applied = status.getJsonNumber("generation").longValue();
            Set<String> interfaces = new TreeSet<>();
            for (JsonValue value : status.getJsonArray("wireguard")) {
                interfaces.add(value.asJsonObject().getString("name"));
            }
            Set<String> processes = new TreeSet<>();
            if (status.get("openvpn") instanceof jakarta.json.JsonArray running) {
                for (JsonValue value : running) {
                    JsonObject p = value.asJsonObject();
                    processes.add(p.getString("profile") + "-" + p.getString("proto") + "-" + p.getJsonNumber("port").intValue());
                }
            }
            if (sent == 0 || applied == 0 || applied < sent || !interfaces.equals(desired.peerCountByInterface().keySet())
                    || !processes.equals(desired.openVpnProcesses())) {
                String why = applied < sent || (applied == 0 && sent > 0)
                        ? "agent had generation " + applied + " of " + sent
                        : !processes.equals(desired.openVpnProcesses()) ? "agent's OpenVPN processes differed"
                        : "agent lacked its interfaces or first state";
                sent = push(node, desired, Math.max(sent, applied), fencingToken, sent > 0, -1, -1, why);
                status = client.status(node);
            }
            recordKeys(node, status, desired);
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.UP,
                    node.inMaintenance() ? "drained by an admin" : null, sent);
            String version = status.get("version") instanceof JsonString v ? v.getString() : null;
            int clients = status.get("client_count") instanceof JsonNumber n ? n.intValue() : 0;
            JdbcTransaction.run(dataSource, c -> {
                NodeStore.recordAgent(c, node.name(), version, clients);
                return null;
            });
        } catch (NodeClient.AgentCallFailed | IllegalStateException | ClassCastException | NullPointerException e) {
            if (last != null && NodeHealth.UP.equals(last.state())) {
                LOG.warning(() -> "node " + node.name() + " is down: " + e.getMessage());
            }
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.DOWN, e.getMessage(), sent);
        }
    }

    /** One node's peers against the database; a difference is repaired and recorded. */
    void reconcile(Node node, NodeStore.Health last, long fencingToken) {
        try {
            Set<String> reported = new HashSet<>();
            List<PeersObserved.Peer> seen = new ArrayList<>();
            for (JsonValue value : client.peers(node)) {
                JsonObject peer = value.asJsonObject();
                reported.add(peerLine(peer.getString("interface"), peer.getString("public_key"),
                        peer.getJsonArray("allowed_ips").getValuesAs(JsonString::getString)));
                seen.add(new PeersObserved.Peer(peer.getString("public_key"),
                        peer.get("endpoint") instanceof JsonString e ? e.getString() : null,
                        peer.get("latest_handshake") instanceof JsonNumber h ? Instant.ofEpochSecond(h.longValue()) : null,
                        peer.getJsonNumber("bytes_in").longValue(), peer.getJsonNumber("bytes_out").longValue()));
            }
            peersObserved.fire(new PeersObserved(node.name(), clock.instant(), seen));
            DesiredState desired = desired(node); // after the agent: a peer committed meanwhile is added, not removed
            Set<String> wanted = new HashSet<>();
            desired.peers().forEach(p -> wanted.add(peerLine(WireGuardInterfaces.nameFor(p.profileId()), p.publicKey(),
                    DesiredState.allowedIps(p).build().getValuesAs(JsonString::getString))));
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(reported);
            Set<String> extra = new HashSet<>(reported);
            extra.removeAll(wanted);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                push(node, desired, last.generation(), fencingToken, true, missing.size(), extra.size(),
                        "peers differed: " + missing.size() + " missing, " + extra.size() + " not in the database");
            }
            if (!desired.openVpn().isEmpty()) {
                disconnectRevokedClients(node);
            }
            JdbcTransaction.run(dataSource, c -> {
                NodeStore.recordReconciled(c, node.name(), clock.instant());
                return null;
            });
        } catch (NodeClient.AgentCallFailed | IllegalStateException | ClassCastException | NullPointerException e) {
            LOG.warning(() -> "reconciliation of node " + node.name() + " failed, the next run retries: " + e.getMessage());
        }
    }

    /**
     * The safety net of revocation for OpenVPN: a connected client whose configuration is gone or
     * expired, or whose account is disabled, is disconnected (a push that did not reach the node).
     */
    private void disconnectRevokedClients(Node node) {
        Set<String> connected = new TreeSet<>();
        for (JsonValue value : client.openVpnClients(node)) {
            connected.add(value.asJsonObject().getString("common_name"));
        }
        if (connected.isEmpty()) {
            return;
        }
        Set<String> admitted = JdbcTransaction.run(dataSource, c -> NodeStore.admittedOpenVpnClients(c, node.name(), connected,
                clock.instant()));
        connected.removeAll(admitted);
        for (String commonName : connected) {
            int ended = client.disconnectClient(node, commonName);
            LOG.info(() -> "node " + node.name() + ": OpenVPN client " + commonName + " no longer admitted, "
                    + ended + " session(s) ended by reconciliation");
        }
    }

    /** Sends the complete desired state; a repair (not a node's first state) is recorded in node_repair. */
    private long push(Node node, DesiredState desired, long after, long fencingToken, boolean repair, int added,
                      int removed, String why) {
        long generation = after + 1;
        JsonObject answer = client.applyState(node, desired.toJson(generation));
        LOG.info(() -> "node " + node.name() + ": desired state " + generation + " sent (" + why + "): " + answer.get("changes"));
        int peers = desired.peers().size();
        JdbcTransaction.run(dataSource, c -> {
            NodeStore.recordHealthGeneration(c, node.name(), generation);
            if (repair) {
                NodeStore.recordRepair(c, node.name(), clock.instant(), fencingToken, added < 0 ? peers : added,
                        Math.max(removed, 0), why);
            }
            return null;
        });
        return generation;
    }

    private DesiredState desired(Node node) {
        List<DesiredState.OpenVpnServer> openVpn = openVpnServers(node);
        return JdbcTransaction.run(dataSource, c -> new DesiredState(
                NodeStore.servedWireGuard(c, node.name()), NodeStore.peers(c, node.name()), openVpn));
    }

    /**
     * The profiles whose OpenVPN the node serves (the profile offers OpenVPN, names the node and
     * gave it a share of its OpenVPN ranges). Without the master key or the CA no OpenVPN is
     * served, which is logged; the node's WireGuard is not held up by it.
     */
    List<DesiredState.OpenVpnServer> openVpnServers(Node node) {
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

    private static String peerLine(String interfaceName, String publicKey, java.util.List<String> allowedIps) {
        return interfaceName + " " + publicKey + " " + new TreeSet<>(allowedIps);
    }

    private void recordKeys(Node node, JsonObject status, DesiredState desired) {
        Map<String, String> profileByInterface = new HashMap<>();
        desired.profiles().forEach(p -> profileByInterface.put(WireGuardInterfaces.nameFor(p.profileId()), p.profileId()));
        JdbcTransaction.run(dataSource, c -> {
            for (JsonValue value : status.getJsonArray("wireguard")) {
                JsonObject wg = value.asJsonObject();
                String profileId = profileByInterface.get(wg.getString("name"));
                if (profileId != null && wg.get("public_key") instanceof JsonString key) {
                    NodeStore.storeInterfaceKey(c, node.name(), profileId, wg.getString("name"), key.getString());
                }
            }
            return null;
        });
    }

    private void record(Node node, String state, String reason, long generation) {
        JdbcTransaction.run(dataSource, c -> {
            NodeStore.recordHealth(c, node.name(), state, reason, clock.instant(), generation);
            return null;
        });
    }
}
