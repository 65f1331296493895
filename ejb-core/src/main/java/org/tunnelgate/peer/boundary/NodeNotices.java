package org.tunnelgate.peer.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.tunnelgate.node.boundary.NodePushes;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.profile.entity.Protocol;

/**
 * Tells the nodes about a configuration once its transaction committed (peer → node is a call):
 * a new WireGuard peer, a removed peer, an ended OpenVPN client. A node's failure never undoes a
 * removal — the row is gone, which is what counts, and the node's reconciliation removes the rest —
 * and a new peer a node did not take is answered with false so {@link Configurations} can place the
 * configuration elsewhere. Where the caller has the nodes' registry rows at hand ({@code known}, by
 * name), the pushes use them instead of reading them again.
 */
@ApplicationScoped
public class NodeNotices {

    private static final Logger LOG = Logger.getLogger(NodeNotices.class.getName());

    @Inject
    NodePushes nodes;

    /**
     * The node gets the WireGuard peer now, synchronously with a short timeout, and the peers with
     * the keys of {@code replaces} (on the same node and interface) leave it with the same call.
     * Returns false when the node did not take the peer; OpenVPN needs no push.
     */
    public boolean added(IssuedConfiguration added, List<String> replaces, Map<String, Node> known) {
        if (added.protocol() != Protocol.WIREGUARD) {
            return true;
        }
        try {
            Node node = added.nodeName() == null ? null : known.get(added.nodeName());
            return node != null
                    ? nodes.peerAdded(node, added.profileId(), added.wireGuardPublicKey(), added.ipv4(), added.ipv6(), replaces)
                    : nodes.peerAdded(added.nodeName(), added.profileId(), added.wireGuardPublicKey(), added.ipv4(),
                            added.ipv6(), replaces);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not tell node " + added.nodeName() + " about configuration " + added.id() + ": " + e);
            return false;
        }
    }

    /** Tells the nodes that a configuration ended, and waits until they answered (or failed: logged). */
    public void removed(IssuedConfiguration removed) {
        removing(List.of(removed)).join();
    }

    /** {@link #removed(IssuedConfiguration)} for many: the calls to the nodes run at the same time. */
    public void removed(List<IssuedConfiguration> removed) {
        removing(removed).join();
    }

    /**
     * Starts telling the nodes that configurations ended and returns without waiting for them; the
     * future completes when every node answered, never exceptionally (a node that was not told is
     * repaired by its next full state; the failure is logged).
     */
    public CompletableFuture<Void> removing(List<IssuedConfiguration> removed) {
        return removing(removed, Map.of());
    }

    public CompletableFuture<Void> removing(List<IssuedConfiguration> removed, Map<String, Node> known) {
        return CompletableFuture.allOf(removed.stream().map(r -> removing(r, known)).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> removing(IssuedConfiguration removed, Map<String, Node> known) {
        try {
            if (removed.protocol() != Protocol.WIREGUARD) {
                return nodes.openVpnClientRevoked(removed.profileId(), removed.certificateCommonName());
            }
            Node node = removed.nodeName() == null ? null : known.get(removed.nodeName());
            return node != null
                    ? nodes.peerRemoved(node, removed.profileId(), removed.wireGuardPublicKey())
                    : nodes.peerRemoved(removed.nodeName(), removed.profileId(), removed.wireGuardPublicKey());
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not tell the node about removed configuration " + removed.id() + ": " + e);
            return CompletableFuture.completedFuture(null);
        }
    }
}
