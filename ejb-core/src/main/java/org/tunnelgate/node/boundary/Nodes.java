package org.tunnelgate.node.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The VPN nodes: the registry (who they are, where clients reach them, their WireGuard keys), the
 * operator's first import of nodes and profiles, and the pushes that tell a node about a peer. Node
 * management (enrollment, health, reconciliation) lands here.
 */
@Stateless
public class Nodes {

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @Inject
    Profiles profiles;

    @Inject
    NodeClient client;

    public List<Node> all() {
        return em.createNamedQuery(Node.ALL, Node.class).getResultList();
    }

    public Optional<Node> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(em.find(Node.class, name));
    }

    /** Adds a node or replaces an existing node's public host and WireGuard key; {@link InvalidNode} if malformed. */
    public Node save(NodeDefinition definition) {
        List<String> problems = Node.problems(definition);
        if (!problems.isEmpty()) {
            throw new InvalidNode(String.join("; ", problems));
        }
        Optional<Node> existing = find(definition.name());
        if (existing.isPresent()) {
            existing.get().redefine(definition);
            return existing.get();
        }
        Node node = definition.toNode();
        em.persist(node);
        return node;
    }

    /**
     * Imports nodes and the profiles they serve when there are no profiles yet (the operator's seed
     * file), all or nothing: every problem of every node and profile is reported together. Several
     * instances may start at once: the primary keys make every loser's transaction fail at commit, and
     * it changes nothing. Returns whether this call found no profiles and wrote the seed.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean seedIfEmpty(List<NodeDefinition> nodes, List<ProfileDefinition> seedProfiles) {
        if (!profiles.isEmpty()) {
            return false;
        }
        List<String> problems = new ArrayList<>();
        Set<String> seedNames = new HashSet<>();
        for (NodeDefinition node : nodes) {
            problems.addAll(Node.problems(node));
            if (!seedNames.add(node.name())) {
                problems.add("node \"" + node.name() + "\" is defined twice");
            }
        }
        Set<String> known = new HashSet<>(seedNames);
        all().forEach(n -> known.add(n.name()));
        problems.addAll(profiles.problemsOf(seedProfiles, known));
        if (!problems.isEmpty()) {
            throw new InvalidProfile(String.join("; ", problems));
        }
        nodes.stream().filter(n -> find(n.name()).isEmpty()).forEach(n -> em.persist(n.toNode()));
        em.flush();
        profiles.importAll(seedProfiles);
        return true;
    }

    /**
     * Tells the node that a WireGuard peer now belongs on it. Outside any transaction: a node that is
     * slow or down must never hold a database transaction open.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void peerAdded(String nodeName, String profileId, String publicKey, String ipv4, String ipv6) {
        client.peerAdded(nodeName, profileId, publicKey, ipv4, ipv6);
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void peerRemoved(String nodeName, String profileId, String publicKey) {
        client.peerRemoved(nodeName, profileId, publicKey);
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void openVpnClientRevoked(String profileId, String commonName) {
        client.openVpnClientRevoked(profileId, commonName);
    }
}
