package org.tunnelgate.profile.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.platform.InvalidInput;
import org.tunnelgate.platform.ProfileNotFound;
import org.tunnelgate.profile.control.ProfileJson;
import org.tunnelgate.profile.control.ProfileValidator;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The VPN profiles every controller instance shares, and the nodes that serve them.
 *
 * <p>Who may use a profile: an empty permission list means every account; otherwise an account may
 * use it when the list names the account ({@code "alice"}) or one of its roles ({@code "role:admin"},
 * {@code "role:user"}). Admins hold both roles.
 *
 * <p>Used by the VPN-app API ({@code /info}, {@code /connect}), the portal and the admin REST API.
 */
@Stateless
public class Profiles {

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    /** Every profile, in display order. */
    public List<Profile> all() {
        return em.createNamedQuery(Profile.ALL, Profile.class).getResultList();
    }

    /** The profiles an account may use, in display order (what {@code /info} lists). */
    public List<Profile> usableBy(Account account) {
        return usableBy(account.getName(), account.isAdmin());
    }

    /** The profile if the account may use it; {@link ProfileNotFound} when it does not exist or may not. */
    public Profile findUsable(String profileId, Account account) {
        return findUsable(profileId, account.getName(), account.isAdmin());
    }

    /** The profiles an account may use, in display order. */
    public List<Profile> usableBy(String accountName, boolean admin) {
        Set<String> roles = roles(admin);
        return all().stream().filter(p -> p.permits(accountName, roles)).toList();
    }

    public Optional<Profile> find(String profileId) {
        if (profileId == null || !Profile.ID_PATTERN.matcher(profileId).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(Profile.class, profileId));
    }

    /** The profile if the account may use it; {@link ProfileNotFound} when it does not exist or may not. */
    public Profile findUsable(String profileId, String accountName, boolean admin) {
        return find(profileId).filter(p -> p.permits(accountName, roles(admin)))
                .orElseThrow(() -> new ProfileNotFound(profileId));
    }

    static Set<String> roles(boolean admin) {
        return admin ? Set.of("user", "admin") : Set.of("user");
    }

    public List<Node> nodes() {
        return em.createNamedQuery(Node.ALL, Node.class).getResultList();
    }

    public Optional<Node> node(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(em.find(Node.class, name));
    }

    /**
     * Adds a node or replaces an existing node's public host and WireGuard public key;
     * {@link InvalidInput} listing the problems if the definition is malformed.
     */
    public Node saveNode(NodeDefinition definition) {
        List<String> problems = ProfileValidator.validateNode(definition);
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        Optional<Node> existing = node(definition.name());
        if (existing.isPresent()) {
            existing.get().redefine(definition);
            return existing.get();
        }
        Node node = definition.toNode();
        em.persist(node);
        return node;
    }

    /** Adds a profile; {@link InvalidInput} (nothing written) if it is malformed or clashes with another. */
    public Profile create(ProfileDefinition definition) {
        if (find(definition.profileId()).isPresent()) {
            throw new InvalidInput("profile \"" + definition.profileId() + "\" already exists");
        }
        List<Profile> existing = all();
        ProfileDefinition positioned = definition.position() != null ? definition
                : definition.withPosition(existing.stream().mapToInt(Profile::position).max().orElse(-1) + 1);
        var shares = ProfileValidator.validate(positioned, definitions(existing), knownNodes());
        Profile profile = new Profile(positioned, shares);
        em.persist(profile);
        return profile;
    }

    /** Replaces a profile's settings (its id stays); {@link ProfileNotFound} if there is none. */
    public Profile update(ProfileDefinition definition) {
        Profile profile = find(definition.profileId()).orElseThrow(() -> new ProfileNotFound(definition.profileId()));
        em.lock(profile, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        ProfileDefinition positioned = definition.position() != null ? definition
                : definition.withPosition(profile.position());
        var shares = ProfileValidator.validate(positioned, definitions(all()), knownNodes());
        profile.redefine(positioned, shares);
        return profile;
    }

    /**
     * Removes a profile. Its issued configurations go with it (foreign key cascade); the nodes
     * drop the peers on their next reconciliation.
     */
    public void delete(String profileId) {
        Profile profile = find(profileId).orElseThrow(() -> new ProfileNotFound(profileId));
        em.remove(profile);
    }

    /**
     * Imports nodes and profiles when there are no profiles yet. Several instances may start at
     * once: the primary keys make every loser's transaction fail at commit, and it changes
     * nothing. Returns whether this call found the table empty and wrote the seed.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean seedIfEmpty(String seedJson) {
        if (em.createQuery("SELECT COUNT(p) FROM Profile p", Long.class).getSingleResult() > 0) {
            return false;
        }
        ProfileJson.Seed seed = ProfileJson.readSeed(seedJson);
        Map<String, Node> existingNodes = knownNodes();
        List<NodeDefinition> newNodes = seed.nodes().stream().filter(n -> !existingNodes.containsKey(n.name())).toList();
        ProfileValidator.validateAll(seed.nodes(), seed.profiles());
        newNodes.forEach(n -> em.persist(n.toNode()));
        for (ProfileDefinition definition : seed.profiles()) {
            em.persist(new Profile(definition, ProfileValidator.shares(definition)));
        }
        em.flush();
        return true;
    }

    private Map<String, Node> knownNodes() {
        return nodes().stream().collect(Collectors.toMap(Node::name, Function.identity()));
    }

    private static List<ProfileDefinition> definitions(List<Profile> profiles) {
        return profiles.stream().map(Profile::definition).toList();
    }
}
