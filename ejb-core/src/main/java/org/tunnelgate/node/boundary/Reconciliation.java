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
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
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
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class.getName());

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
            DesiredState desired = states.desired(node); // after the agent: a peer committed meanwhile is added, not removed
            Set<String> wanted = new HashSet<>();
            desired.peers().forEach(p -> wanted.add(peerLine(WireGuardInterfaces.nameFor(p.profileId()), p.publicKey(),
                    DesiredState.allowedIps(p).build().getValuesAs(JsonString::getString))));
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(reported);
            Set<String> extra = new HashSet<>(reported);
            extra.removeAll(wanted);
            boolean renewed = desired.renewedServerCertificate(); // this build re-issued it: send it now
            if (!missing.isEmpty() || !extra.isEmpty() || renewed) {
                String peers = missing.isEmpty() && extra.isEmpty() ? null
                        : "peers differed: " + missing.size() + " missing, " + extra.size() + " not in the database";
                states.push(node, desired, renewed ? states.owe(node, last.generation() + 1) : last.generation(), fencingToken, true,
                        missing.size(), extra.size(), !renewed ? peers : peers == null ? DesiredStates.RENEWED : DesiredStates.RENEWED + "; " + peers);
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

    private static String peerLine(String interfaceName, String publicKey, List<String> allowedIps) {
        return interfaceName + " " + publicKey + " " + new TreeSet<>(allowedIps);
    }
}
