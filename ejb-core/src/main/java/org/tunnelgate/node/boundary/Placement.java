package org.tunnelgate.node.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
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
 * <p>On every {@code /connect}, so it reads little: the profile's nodes with their health and interface
 * keys in one query, and the peer counts that rank several candidates at most once a
 * second ({@link PeerCounts}: counting grows with the configurations). A CDI bean, not an EJB: it
 * needs nothing of the EJB container, and is called only outside transactions (by
 * {@code Configurations}, whose transactions are its own short JDBC ones).
 */
@ApplicationScoped
public class Placement {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

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
        List<NodeStore.Candidate> candidates = new ArrayList<>();
        for (NodeStore.Candidate c : JdbcTransaction.read(dataSource,
                connection -> NodeStore.candidates(connection, profile.profileId(), shares))) {
            Node n = c.node();
            if (n.isManaged() && (n.inMaintenance() || !NodeHealthStore.healthOf(n, c.health()).isUp())) {
                continue;
            }
            candidates.add(c);
        }
        if (candidates.size() > 1) {
            Map<String, Long> peers = peerCounts.of(candidates.stream().map(c -> c.node().name()).toList());
            candidates.sort(Comparator.comparingDouble((NodeStore.Candidate c) -> (double) peers.get(c.node().name()) / c.node().capacity())
                    .thenComparing(c -> c.node().name()));
        }
        return candidates.stream().map(c -> new NodeChoice(c.node().name(), c.node().publicHost(),
                c.node().isManaged() ? c.interfaceKey() : c.node().wireguardPublicKey().orElse(null),
                c.node().isManaged(), c.node())).toList();
    }

    /** A new WireGuard peer went to the node: the next rankings on this instance count it at once. */
    public void placed(String nodeName) {
        peerCounts.placed(nodeName);
    }
}
