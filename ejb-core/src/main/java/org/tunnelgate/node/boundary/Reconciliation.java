package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.PeerRepair;
import org.tunnelgate.node.control.RepairLog;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * One node compared with the database ({@link NodeSync}'s reconcile job): its WireGuard peers
 * ({@code GET /v1/wireguard/peers}) against the configurations placed on it — any difference (a
 * missed push, a peer left behind) is repaired by sending the complete desired state and recorded
 * in {@code node_repair} — and its OpenVPN clients against those still admitted. What it sees of the
 * peers (handshakes, bytes, endpoints) is fired as {@link PeersObserved} for the connection log.
 *
 * <p>The agent's peers are read before the database, so a configuration committed in between is
 * added, never removed.
 *
 * <p>A few differing peers are repaired peer by peer, not with a full state: under steady
 * {@code /connect} load every run finds the changes still on their way (committed, push not yet
 * arrived), and a full state built before such a change but applied after its push takes the new
 * peer off the node again — the next run then found that, and so on (bench/nodes: a full state of
 * 10,000 peers every 10 s per node, users' fresh peers gone for up to 10 s). The rules:
 * {@link PeerRepair}.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class.getName());
    /** Per node, the peers its previous run found missing (kept by the instance that runs the job). */
    private final Map<String, Set<PeerRepair.Peer>> missingBefore = new ConcurrentHashMap<>();

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    NodeClient client;

    @Inject
    Clock clock;

    @Inject
    Event<PeersObserved> peersObserved;

    @Inject
    DesiredStates states;

    /** One node's peers against the database; a difference is repaired and recorded. Never throws for the node's failures. */
    public void reconcile(Node node, NodeHealthStore.Health last, long fencingToken) {
        try {
            Set<PeerRepair.Peer> reported = new HashSet<>();
            List<PeersObserved.Peer> seen = new ArrayList<>();
            for (JsonValue value : client.peers(node)) {
                JsonObject peer = value.asJsonObject();
                reported.add(PeerRepair.Peer.of(peer.getString("interface"), peer.getString("public_key"),
                        peer.getJsonArray("allowed_ips").getValuesAs(JsonString::getString)));
                seen.add(new PeersObserved.Peer(peer.getString("public_key"),
                        peer.get("endpoint") instanceof JsonString e ? e.getString() : null,
                        peer.get("latest_handshake") instanceof JsonNumber h ? Instant.ofEpochSecond(h.longValue()) : null,
                        peer.getJsonNumber("bytes_in").longValue(), peer.getJsonNumber("bytes_out").longValue()));
            }
            peersObserved.fire(new PeersObserved(node.name(), clock.instant(), seen));
            DesiredState desired = states.desired(node); // after the agent: a peer committed meanwhile is added, not removed
            Set<PeerRepair.Peer> wanted = new HashSet<>();
            desired.peers().forEach(p -> wanted.add(PeerRepair.Peer.of(WireGuardInterfaces.nameFor(p.profileId()), p.publicKey(),
                    DesiredState.allowedIps(p).build().getValuesAs(JsonString::getString))));
            boolean renewed = desired.renewedServerCertificate(); // this build re-issued it: send it now
            PeerRepair repair = PeerRepair.plan(reported, wanted, missingBefore.getOrDefault(node.name(), Set.of()), renewed);
            if (repair.missing().isEmpty() || repair.completeState()) {
                missingBefore.remove(node.name());
            } else {
                missingBefore.put(node.name(), repair.missing());
            }
            if (repair.completeState()) {
                int missing = repair.missing().size();
                int extra = repair.extra().size();
                String peers = !repair.differs() ? null
                        : "peers differed: " + missing + " missing, " + extra + " not in the database";
                states.push(node, desired, renewed ? states.owe(node, last.generation() + 1) : last.generation(), fencingToken, true,
                        missing, extra, !renewed ? peers : peers == null ? DesiredStates.RENEWED : DesiredStates.RENEWED + "; " + peers);
            } else if (!repair.add().isEmpty() || !repair.remove().isEmpty()) {
                repairPeerByPeer(node, repair, fencingToken);
            }
            if (!desired.openVpn().isEmpty()) {
                disconnectRevokedClients(node);
            }
            JdbcTransaction.run(dataSource, c -> {
                NodeHealthStore.recordReconciled(c, node.name(), clock.instant());
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
            int ended = NodeClient.await(client.disconnectClient(node, commonName));
            LOG.info(() -> "node " + node.name() + ": OpenVPN client " + commonName + " no longer admitted, "
                    + ended + " session(s) ended by reconciliation");
        }
    }

    /** Sends the removals (in parallel), then the additions, and records them in {@code node_repair}. */
    private void repairPeerByPeer(Node node, PeerRepair repair, long fencingToken) {
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (PeerRepair.Peer peer : repair.remove()) {
            removals.add(client.removePeer(node, peer.interfaceName(), peer.publicKey()));
        }
        for (CompletableFuture<Void> removal : removals) {
            NodeClient.await(removal);
        }
        for (PeerRepair.Peer peer : repair.add()) {
            client.addPeer(node, peer.interfaceName(), peer.publicKey(), peer.allowedIps(), List.of());
        }
        String detail = "peers differed: " + repair.missing().size() + " missing (" + repair.add().size()
                + " also in the run before), " + repair.extra().size() + " not in the database; repaired peer by peer";
        LOG.info(() -> "node " + node.name() + ": " + detail);
        JdbcTransaction.run(dataSource, c -> {
            RepairLog.recordRepair(c, node.name(), clock.instant(), fencingToken, repair.add().size(), repair.remove().size(), detail);
            return null;
        });
    }
}
