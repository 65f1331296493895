package org.tunnelgate.node.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.NodeNotFound;
import org.tunnelgate.node.NodeStillServing;
import org.tunnelgate.node.control.EnrollmentTokens;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The VPN nodes' registry and its admin operations: who they are, where their agents listen, where
 * clients reach them, drain, remove. An admin {@link #register registers} a node and gets a one-time
 * token (stored only as its hash, expiring after {@link EnrollmentTokens#LIFETIME}) that the node's
 * agent spends at {@link NodeEnrollment}. The rest of the component: {@link Placement} and
 * {@link NodePushes} (what peer asks of the nodes), {@link NodeSync} (health and the desired state),
 * {@link NodeStatuses} (what the console and monitoring show).
 */
@Stateless
public class Nodes {

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @Inject
    Profiles profiles;

    @Inject
    NodeClient client;

    @Inject
    Clock clock;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Node> all() {
        return em.createNamedQuery(Node.ALL, Node.class).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
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
     * Registers a node the controller is to manage (or makes an existing bare node managed, or
     * changes a managed node's agent, host, location or capacity) and gives it a new one-time
     * enrollment token. {@link InvalidNode} lists every problem; nothing is written then.
     */
    public Registered register(NodeRegistration registration) {
        List<String> problems = registration.problems();
        if (!problems.isEmpty()) {
            throw new InvalidNode(String.join("; ", problems));
        }
        Node node = find(registration.name()).orElse(null);
        if (node == null) {
            node = new Node(registration.name(), registration.publicHost(), null);
            em.persist(node);
        }
        node.register(registration);
        return newTokenFor(node);
    }

    /** A new enrollment token for a registered node (to re-enroll it); the old token stops working. */
    public Registered newToken(String name) {
        Node node = find(name).filter(n -> n.agentUrl().isPresent()).orElseThrow(() -> new NodeNotFound(name));
        return newTokenFor(node);
    }

    private Registered newTokenFor(Node node) {
        String token = EnrollmentTokens.newToken();
        Instant expires = clock.instant().plus(EnrollmentTokens.LIFETIME);
        node.expectEnrollment(EnrollmentTokens.hash(token), expires);
        return new Registered(node, token, expires);
    }

    /**
     * Removes a node: its certificate stops counting at once (calls home with it are refused) and
     * its row, health and interface keys are deleted. Refused while profiles still name it — take it
     * out of them first, so their clients move elsewhere.
     */
    public void remove(String name) {
        Node node = find(name).orElseThrow(() -> new NodeNotFound(name));
        @SuppressWarnings("unchecked")
        List<String> serving = em.createNativeQuery("SELECT profile_id FROM vpn_profile_node WHERE node_name = ? ORDER BY profile_id")
                .setParameter(1, name).getResultList();
        if (!serving.isEmpty()) {
            throw new NodeStillServing(name, serving);
        }
        em.remove(node);
        client.forget(name);
    }

    /** Drains a node (no new sessions; existing ones stay) or puts it back into service. */
    public Node setMaintenance(String name, boolean maintenance) {
        Node node = find(name).orElseThrow(() -> new NodeNotFound(name));
        node.setMaintenance(maintenance);
        return node;
    }
}
