package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * Where a new configuration goes: peer asks before issuing one, and tells the chosen node through
 * {@link NodePushes}. Reads the cached health, never a node, so a dead node costs nothing here.
 */
@Stateless
public class Placement {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Nodes nodes;

    /**
     * The nodes that may take a new configuration of the profile, least loaded first (WireGuard
     * peers against capacity): managed nodes only while their last probe found them up and not in
     * maintenance; bare registry rows as they are. Each comes with its WireGuard key for this profile.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<NodeChoice> placement(Profile profile) {
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.read(dataSource, NodeHealthStore::health);
        Map<String, String> keys = JdbcTransaction.read(dataSource, NodeStore::interfaceKeys);
        List<Node> candidates = new ArrayList<>();
        for (ProfileNode share : profile.nodes()) {
            Optional<Node> node = nodes.find(share.nodeName());
            if (node.isEmpty()) {
                continue;
            }
            Node n = node.get();
            if (n.isManaged() && (n.inMaintenance() || !NodeHealthStore.healthOf(n, health.get(n.name())).isUp())) {
                continue;
            }
            candidates.add(n);
        }
        List<String> names = candidates.stream().map(Node::name).toList();
        Map<String, Long> peers = JdbcTransaction.read(dataSource, c -> NodeStore.peerCounts(c, names));
        candidates.sort(Comparator.comparingDouble((Node n) -> (double) peers.getOrDefault(n.name(), 0L) / n.capacity())
                .thenComparing(Node::name));
        return candidates.stream().map(n -> new NodeChoice(n.name(), n.publicHost(),
                n.isManaged() ? keys.get(n.name() + " " + profile.profileId()) : n.wireguardPublicKey().orElse(null),
                n.isManaged())).toList();
    }
}
