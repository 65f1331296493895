package org.tunnelgate.node.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.PeerCounts;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * Where a new configuration goes: peer asks before issuing one, and tells the chosen node through
 * {@link NodePushes}. Reads the cached health, never a node, so a dead node costs nothing here.
 *
 * <p>On every {@code /connect}, so it reads little: the registry in one query, health and interface
 * keys in one pooled connection, and the peer counts that rank several candidates at most once a
 * second ({@link PeerCounts}: counting grows with the configurations). A CDI bean, not an EJB: it
 * needs nothing of the EJB container, and is called only outside transactions (by
 * {@code Configurations}, whose transactions are its own short JDBC ones).
 */
@ApplicationScoped
public class Placement {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Nodes nodes;

    private record Facts(Map<String, NodeHealthStore.Health> health, Map<String, String> keys) {}

    private PeerCounts peerCounts;

    @PostConstruct
    void init() {
        peerCounts = new PeerCounts(() -> JdbcTransaction.read(dataSource, NodeStore::peerCounts), System::nanoTime);
    }

    /**
     * The nodes that may take a new configuration of the profile, least loaded first (WireGuard
     * peers against capacity): managed nodes only while their last probe found them up and not in
     * maintenance; bare registry rows as they are. Each comes with its WireGuard key for this
     * profile and the registry row it was chosen by.
     */
    public List<NodeChoice> placement(Profile profile) {
        Set<String> shares = profile.nodes().stream().map(ProfileNode::nodeName).collect(Collectors.toSet());
        if (shares.isEmpty()) {
            return List.of();
        }
        List<Node> registered = nodes.all().stream().filter(n -> shares.contains(n.name())).toList();
        Facts facts = JdbcTransaction.read(dataSource, c -> new Facts(NodeHealthStore.health(c), NodeStore.interfaceKeys(c)));
        List<Node> candidates = new ArrayList<>();
        for (Node n : registered) {
            if (n.isManaged() && (n.inMaintenance() || !NodeHealthStore.healthOf(n, facts.health().get(n.name())).isUp())) {
                continue;
            }
            candidates.add(n);
        }
        if (candidates.size() > 1) {
            Map<String, Long> peers = peerCounts.of(candidates.stream().map(Node::name).toList());
            candidates.sort(Comparator.comparingDouble((Node n) -> (double) peers.get(n.name()) / n.capacity())
                    .thenComparing(Node::name));
        }
        return candidates.stream().map(n -> new NodeChoice(n.name(), n.publicHost(),
                n.isManaged() ? facts.keys().get(n.name() + " " + profile.profileId()) : n.wireguardPublicKey().orElse(null),
                n.isManaged(), n)).toList();
    }

    /** A new WireGuard peer went to the node: the next rankings on this instance count it at once. */
    public void placed(String nodeName) {
        peerCounts.placed(nodeName);
    }
}
