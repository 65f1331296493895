package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.EnrollmentRefused;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.NodeNotFound;
import org.tunnelgate.node.NodeStillServing;
import org.tunnelgate.node.control.AgentCredentials;
import org.tunnelgate.node.control.EnrollmentTokens;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.node.entity.NodeMetrics;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.node.entity.NodeRepair;
import org.tunnelgate.pki.control.NodeAuthority;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * The VPN nodes: the registry (who they are, where their agents listen, where clients reach them),
 * one-time enrollment, placement of new configurations, and the pushes that tell a node about a
 * peer. Health and the desired state are kept by {@link NodeSync}.
 *
 * <p>Enrollment: an admin {@link #register registers} a node and gets a one-time token (stored only
 * as its hash, expiring after {@link #TOKEN_LIFETIME}); the node's agent sends the token with a
 * certification request for a key it made itself, and {@link #enroll} answers with its certificate
 * from the node CA. The token is spent in the same transaction that records the certificate.
 */
@Stateless
public class Nodes {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(Nodes.class.getName());

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Profiles profiles;

    @Inject
    NodeClient client;

    @Inject
    AgentCredentials credentials;

    @Inject
    Clock clock;

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
        Instant expires = clock.instant().plus(TOKEN_LIFETIME);
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

    /**
     * A node enrolls: the token must be known, unused and unexpired ({@link EnrollmentRefused}, the
     * same for all three), the request a readable, self-signed PKCS#10 request
     * ({@link InvalidNode}). The token is spent and the certificate recorded in one short
     * transaction that locks the node's row, so a token enrolls at most once even when two
     * instances receive it at the same moment.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Enrolled enroll(String token, String csrPem, List<String> controllerUrls) {
        if (!EnrollmentTokens.hasTokenShape(token)) {
            throw new EnrollmentRefused();
        }
        if (csrPem == null || csrPem.isBlank()) {
            throw new InvalidNode("csr is missing");
        }
        String hash = EnrollmentTokens.hash(token);
        NodeAuthority authority = credentials.authority(); // loaded outside the enrollment's transaction
        return JdbcTransaction.run(dataSource, c -> {
            Instant now = clock.instant();
            String name;
            String agentUrl;
            try (PreparedStatement select = c.prepareStatement("SELECT name, agent_url, enrollment_expires_at FROM vpn_node"
                    + " WHERE enrollment_token_hash = ? FOR UPDATE")) {
                select.setString(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getString(2) == null) {
                        throw new EnrollmentRefused();
                    }
                    Instant expires = UtcDateTime.fromDatabase(row.getObject(3, java.time.LocalDateTime.class));
                    if (!now.isBefore(expires)) {
                        throw new EnrollmentRefused();
                    }
                    name = row.getString(1);
                    agentUrl = row.getString(2);
                }
            }
            NodeAuthority.NodeCertificate certificate;
            try {
                certificate = authority.issueNode(csrPem, name, now);
            } catch (IllegalArgumentException e) {
                throw new InvalidNode(e.getMessage());
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE vpn_node SET enrollment_token_hash = NULL,"
                    + " enrollment_expires_at = NULL, cert_serial = ?, cert_not_after = ?, enrolled_at = ?, version = version + 1"
                    + " WHERE name = ? AND enrollment_token_hash = ?")) {
                update.setString(1, certificate.serialHex());
                update.setObject(2, UtcDateTime.toDatabase(certificate.notAfter()));
                update.setObject(3, UtcDateTime.toDatabase(now));
                update.setString(4, name);
                update.setString(5, hash);
                if (update.executeUpdate() != 1) {
                    throw new EnrollmentRefused();
                }
            }
            LOG.info(() -> "node " + name + " enrolled; certificate serial " + certificate.serialHex());
            client.forget(name);
            return new Enrolled(name, certificate.certificatePem(), authority.certificatePem(),
                    List.of(NodeAuthority.CONTROLLER_NAME), controllerUrls, listenAddress(agentUrl));
        });
    }

    /** Where the agent listens, from its URL: an IP literal as it is, a DNS name as every address. */
    static String listenAddress(String agentUrl) {
        URI uri = URI.create(agentUrl);
        String host = uri.getHost();
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        return (literal ? host : "0.0.0.0") + ":" + uri.getPort();
    }

    /** Every node's numbers for monitoring (health, peers per profile, repairs, this instance's agent calls). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<NodeMetrics> metrics() {
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        Map<String, Long> peers = JdbcTransaction.run(dataSource, NodeStore::peerCountsByProfile);
        Map<String, Long> repairs = JdbcTransaction.run(dataSource, NodeStore::repairCounts);
        List<NodeMetrics> metrics = new ArrayList<>();
        for (Node node : all()) {
            Map<String, Long> byProfile = new java.util.TreeMap<>();
            peers.forEach((key, count) -> {
                if (key.startsWith(node.name() + " ")) {
                    byProfile.put(key.substring(node.name().length() + 1), count);
                }
            });
            NodeClient.CallStats calls = client.stats(node.name());
            metrics.add(new NodeMetrics(node.name(), healthOf(node, health.get(node.name())).state(), byProfile,
                    repairs.getOrDefault(node.name(), 0L), calls.calls(), calls.failures(), calls.millis()));
        }
        return metrics;
    }

    /** The node's latest repairs by reconciliation, newest first. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<NodeRepair> repairs(String name, int limit) {
        find(name).orElseThrow(() -> new NodeNotFound(name));
        return JdbcTransaction.run(dataSource, c -> NodeStore.repairs(c, name, limit));
    }

    /** One node's status ({@link NodeNotFound} if unknown). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public NodeStatus status(String name) {
        return statuses().stream().filter(s -> s.node().name().equals(name)).findFirst()
                .orElseThrow(() -> new NodeNotFound(name));
    }

    /** Every node with its last health, its load, its agent and its latest repair, by name. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<NodeStatus> statuses() {
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        Map<String, Long> peers = JdbcTransaction.run(dataSource, NodeStore::peerCounts);
        Map<String, NodeStore.AgentFacts> agents = JdbcTransaction.run(dataSource, NodeStore::agentFacts);
        Map<String, NodeRepair> repairs = JdbcTransaction.run(dataSource, NodeStore::lastRepairs);
        NodeStore.AgentFacts none = new NodeStore.AgentFacts(null, 0, null);
        return all().stream().map(n -> {
            NodeStore.AgentFacts agent = agents.getOrDefault(n.name(), none);
            return new NodeStatus(n, healthOf(n, health.get(n.name())), peers.getOrDefault(n.name(), 0L), agent.version(),
                    agent.clients(), agent.reconciledAt(), repairs.get(n.name()));
        }).toList();
    }

    static NodeHealth healthOf(Node node, NodeStore.Health probe) {
        if (!node.isManaged() || probe == null) {
            return NodeHealth.unknown();
        }
        return new NodeHealth(probe.state(), probe.reason(), probe.since(), probe.checkedAt());
    }

    /**
     * The nodes that may take a new configuration of the profile, least loaded first (WireGuard
     * peers against capacity): managed nodes only while their last probe found them up (health is
     * cached, so a dead node costs nothing here) and not in maintenance; bare registry rows as they
     * are. Each comes with its WireGuard key for this profile.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<NodeChoice> placement(Profile profile) {
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        Map<String, Long> peers = JdbcTransaction.run(dataSource, NodeStore::peerCounts);
        Map<String, String> keys = JdbcTransaction.run(dataSource, NodeStore::interfaceKeys);
        List<Node> candidates = new ArrayList<>();
        for (ProfileNode share : profile.nodes()) {
            Optional<Node> node = find(share.nodeName());
            if (node.isEmpty()) {
                continue;
            }
            Node n = node.get();
            if (n.isManaged() && (n.inMaintenance() || !healthOf(n, health.get(n.name())).isUp())) {
                continue;
            }
            candidates.add(n);
        }
        candidates.sort(Comparator.comparingDouble((Node n) -> (double) peers.getOrDefault(n.name(), 0L) / n.capacity())
                .thenComparing(Node::name));
        return candidates.stream().map(n -> new NodeChoice(n.name(), n.publicHost(),
                n.isManaged() ? keys.get(n.name() + " " + profile.profileId()) : n.wireguardPublicKey().orElse(null),
                n.isManaged())).toList();
    }

    /**
     * Tells the node that a WireGuard peer now belongs on it, synchronously with a short timeout.
     * Outside any transaction: a node that is slow or down must never hold a database transaction
     * open. Returns whether the node has the peer (a bare registry row has nothing to tell: true);
     * a node that cannot be told is marked down at once, so the next placement skips it.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean peerAdded(String nodeName, String profileId, String publicKey, String ipv4, String ipv6) {
        Optional<Node> node = find(nodeName).filter(Node::isManaged);
        if (node.isEmpty()) {
            return find(nodeName).isPresent();
        }
        try {
            client.addPeer(node.get(), WireGuardInterfaces.nameFor(profileId), publicKey,
                    ipv6 == null ? List.of(ipv4 + "/32") : List.of(ipv4 + "/32", ipv6 + "/128"));
            return true;
        } catch (NodeClient.AgentCallFailed | IllegalStateException e) {
            LOG.warning(() -> "node " + nodeName + " did not take a peer: " + e.getMessage());
            markDown(nodeName, e.getMessage());
            return false;
        }
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void peerRemoved(String nodeName, String profileId, String publicKey) {
        Optional<Node> node = find(nodeName).filter(Node::isManaged);
        if (node.isPresent()) {
            // a failure leaves the peer on the node until the node's next full state removes it
            client.removePeer(node.get(), WireGuardInterfaces.nameFor(profileId), publicKey);
        }
    }

    /**
     * An OpenVPN configuration ended (deleted, expired, its account disabled or deleted, its app
     * authorization revoked): its client is disconnected on every node of the profile that is not
     * down, at once — the client may have fallen over to any of them. A node that cannot be told
     * refuses the client at its next renegotiation or reconnect anyway (admission finds no
     * configuration), and the client's sessions close in the log when the node reports them.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void openVpnClientRevoked(String profileId, String commonName) {
        if (commonName == null) {
            return;
        }
        Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
        List<Node> serving = profiles.find(profileId).map(p -> p.nodes().stream().map(ProfileNode::nodeName).toList())
                .orElseGet(() -> all().stream().map(Node::name).toList()) // the profile is gone: ask every node
                .stream().map(this::find).flatMap(Optional::stream).filter(Node::isManaged)
                .filter(n -> health.get(n.name()) == null || !NodeHealth.DOWN.equals(health.get(n.name()).state()))
                .toList();
        serving.parallelStream().forEach(node -> {
            try {
                int ended = client.disconnectClient(node, commonName);
                if (ended > 0) {
                    LOG.info(() -> "OpenVPN client " + commonName + " disconnected on node " + node.name());
                }
            } catch (NodeClient.AgentCallFailed | IllegalStateException e) {
                LOG.warning(() -> "node " + node.name() + " could not disconnect OpenVPN client " + commonName + ": " + e.getMessage());
            }
        });
    }

    private void markDown(String nodeName, String reason) {
        try {
            JdbcTransaction.run(dataSource, c -> {
                NodeStore.recordHealth(c, nodeName, NodeHealth.DOWN, reason, clock.instant(), 0);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not record node " + nodeName + " as down: " + e);
        }
    }
}
