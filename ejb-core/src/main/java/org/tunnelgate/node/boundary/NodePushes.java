package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * What peer tells the nodes the moment a configuration is issued or ends: a WireGuard peer added or
 * removed, an OpenVPN client disconnected. Every call is outside any transaction — a node that is
 * slow or down must never hold a database transaction open — and a push that does not arrive is
 * repaired by the node's next full state ({@link NodeSync}).
 *
 * <p>A CDI bean, not an EJB (it is on every {@code /connect}, and an EJB call costs): its only caller,
 * {@code NodeNotices}, is used by {@code Configurations}, which runs outside container transactions,
 * so there is never a transaction to suspend. A caller that already read a node's registry row
 * (placement did) hands it in and saves the read.
 */
@ApplicationScoped
public class NodePushes {

    private static final Logger LOG = Logger.getLogger(NodePushes.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Nodes nodes;

    @Inject
    Profiles profiles;

    @Inject
    NodeClient client;

    @Inject
    Clock clock;

    /**
     * Tells the node that a WireGuard peer now belongs on it, synchronously with a short timeout,
     * and that the peers of the same profile with the keys of {@code replaces} leave it — in the
     * same call ({@link NodeClient#addPeer}), or, to an agent from before that, with a removal each
     * once the node took the peer (waited for; a failure there is logged, as for
     * {@link #peerRemoved}). Returns whether the node has the peer (a bare registry row has nothing
     * to tell: true); a node that cannot be told is marked down at once, so the next placement skips
     * it. When the node did not take the peer, it may not have removed the replaced ones either.
     */
    public boolean peerAdded(String nodeName, String profileId, String publicKey, String ipv4, String ipv6,
                             List<String> replaces) {
        return peerAdded(nodeName, nodes.find(nodeName), profileId, publicKey, ipv4, ipv6, replaces);
    }

    /** {@link #peerAdded(String, String, String, String, String, List)} to a node whose registry row the caller has. */
    public boolean peerAdded(Node known, String profileId, String publicKey, String ipv4, String ipv6, List<String> replaces) {
        return peerAdded(known.name(), Optional.of(known), profileId, publicKey, ipv4, ipv6, replaces);
    }

    private boolean peerAdded(String nodeName, Optional<Node> registered, String profileId, String publicKey,
                              String ipv4, String ipv6, List<String> replaces) {
        Optional<Node> node = registered.filter(Node::isManaged);
        if (node.isEmpty()) {
            return registered.isPresent();
        }
        List<String> left;
        try {
            left = client.addPeer(node.get(), WireGuardInterfaces.nameFor(profileId), publicKey,
                    ipv6 == null ? List.of(ipv4 + "/32") : List.of(ipv4 + "/32", ipv6 + "/128"), replaces);
        } catch (NodeClient.AgentCallFailed | IllegalStateException e) {
            LOG.warning(() -> "node " + nodeName + " did not take a peer: " + e.getMessage());
            markDown(nodeName, e.getMessage());
            return false;
        }
        CompletableFuture.allOf(left.stream().map(key -> peerRemoved(nodeName, node, profileId, key))
                .toArray(CompletableFuture[]::new)).join();
        return true;
    }

    /**
     * Tells the node that a WireGuard peer is gone. Returns at once: the future completes when the
     * node answered, never exceptionally — a failure leaves the peer on the node until the node's
     * next full state removes it, and is logged.
     */
    public CompletableFuture<Void> peerRemoved(String nodeName, String profileId, String publicKey) {
        return peerRemoved(nodeName, nodes.find(nodeName), profileId, publicKey);
    }

    /** {@link #peerRemoved(String, String, String)} from a node whose registry row the caller has. */
    public CompletableFuture<Void> peerRemoved(Node known, String profileId, String publicKey) {
        return peerRemoved(known.name(), Optional.of(known), profileId, publicKey);
    }

    private CompletableFuture<Void> peerRemoved(String nodeName, Optional<Node> registered, String profileId, String publicKey) {
        Optional<Node> node = registered.filter(Node::isManaged);
        if (node.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.removePeer(node.get(), WireGuardInterfaces.nameFor(profileId), publicKey)
                .exceptionally(failure -> {
                    LOG.warning(() -> "node " + nodeName + " did not remove a peer: " + NodeClient.cause(failure).getMessage());
                    return null;
                });
    }

    /**
     * An OpenVPN configuration ended (deleted, expired, its account disabled or deleted, its app
     * authorization revoked): its client is disconnected on every node of the profile that is not
     * down, at once — the client may have fallen over to any of them. The calls to the nodes run at
     * the same time; the future completes when all answered, never exceptionally. A node that cannot
     * be told refuses the client at its next renegotiation or reconnect anyway (admission finds no
     * configuration), and the client's sessions close in the log when the node reports them.
     */
    public CompletableFuture<Void> openVpnClientRevoked(String profileId, String commonName) {
        if (commonName == null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.read(dataSource, NodeHealthStore::health);
        List<Node> serving = profiles.current(profileId).map(p -> p.nodes().stream().map(ProfileNode::nodeName).toList())
                .orElseGet(() -> nodes.all().stream().map(Node::name).toList()) // the profile is gone: ask every node
                .stream().map(nodes::find).flatMap(Optional::stream).filter(Node::isManaged)
                .filter(n -> health.get(n.name()) == null || !NodeHealth.DOWN.equals(health.get(n.name()).state()))
                .toList();
        return CompletableFuture.allOf(serving.stream().map(node -> client.disconnectClient(node, commonName)
                .handle((ended, failure) -> {
                    if (failure != null) {
                        LOG.warning(() -> "node " + node.name() + " could not disconnect OpenVPN client " + commonName + ": "
                                + NodeClient.cause(failure).getMessage());
                    } else if (ended > 0) {
                        LOG.info(() -> "OpenVPN client " + commonName + " disconnected on node " + node.name());
                    }
                    return null;
                })).toArray(CompletableFuture[]::new));
    }

    private void markDown(String nodeName, String reason) {
        try {
            JdbcTransaction.run(dataSource, c -> {
                NodeHealthStore.recordHealth(c, nodeName, NodeHealth.DOWN, reason, clock.instant(), 0);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not record node " + nodeName + " as down: " + e);
        }
    }
}
