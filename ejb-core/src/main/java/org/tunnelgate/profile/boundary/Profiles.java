package org.tunnelgate.profile.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.ProfileNotFound;
import org.tunnelgate.profile.control.NodeShares;
import org.tunnelgate.profile.control.ProfileCatalog;
import org.tunnelgate.profile.control.ProfileValidator;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The VPN profiles every controller instance shares.
 *
 * <p>Who may use a profile: an empty permission list means every account; otherwise an account may
 * use it when the list names the account ({@code "alice"}) or one of its roles ({@code "role:admin"},
 * {@code "role:user"}). Admins hold both roles.
 *
 * <p>Used by the VPN-app API ({@code /info}, {@code /connect}), the portal and the admin REST API.
 * A profile names the nodes that serve it; the node component sits above this one, so the names of
 * the known nodes are read straight from their table rather than through the node boundary.
 *
 * <p>What the hot path asks ({@link #usableBy}, {@link #findUsable}, {@link #mayUse}) is answered from
 * the instance's {@link ProfileCatalog}, which one primary-key read per call keeps current across all
 * instances; every change here records itself in that catalog in its own transaction. {@link #find}
 * and {@link #all} read the tables (admin pages and edits, which need the managed profile). The
 * catalog's readers join a caller's transaction but start none of their own (one read needs none).
 */
@Stateless
public class Profiles {

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @PersistenceUnit(unitName = "tunnelgate")
    EntityManagerFactory emf;

    @Inject
    Event<ProfilePermissionsChanged> permissionsChanged;

    @Inject
    ProfileCatalog catalog;

    /** Absent outside a container (the hand-wired tests). */
    @Resource
    TransactionSynchronizationRegistry transactions;

    private static final Object CHANGED_IN_THIS_TRANSACTION = new Object();

    /** Every profile, in display order. */
    public List<Profile> all() {
        return em.createNamedQuery(Profile.ALL, Profile.class).getResultList();
    }

    public boolean isEmpty() {
        return em.createQuery("SELECT COUNT(p) FROM Profile p", Long.class).getSingleResult() == 0;
    }

    /** The profiles an account may use, in display order (what {@code /info} lists). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Profile> usableBy(Account account) {
        return usableBy(account.getName(), account.isAdmin());
    }

    /** The profile if the account may use it; {@link ProfileNotFound} when it does not exist or may not. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Profile findUsable(String profileId, Account account) {
        return findUsable(profileId, account.getName(), account.isAdmin());
    }

    /** The profiles an account may use, in display order. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Profile> usableBy(String accountName, boolean admin) {
        Set<String> roles = roles(admin);
        return current().stream().filter(p -> p.permits(accountName, roles)).toList();
    }

    public Optional<Profile> find(String profileId) {
        if (profileId == null || !Profile.ID_PATTERN.matcher(profileId).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(Profile.class, profileId));
    }

    /** The profile if the account may use it; {@link ProfileNotFound} when it does not exist or may not. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Profile findUsable(String profileId, String accountName, boolean admin) {
        return current(profileId).filter(p -> p.permits(accountName, roles(admin))).orElseThrow(ProfileNotFound::new);
    }

    /** Whether the account may use the profile (false when there is no such profile). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean mayUse(String profileId, Account account) {
        return current(profileId).filter(p -> p.permits(account.getName(), roles(account.isAdmin()))).isPresent();
    }

    /** The profiles as the catalog holds them (read-only), or as the tables hold them after a change in this transaction. */
    private List<Profile> current() {
        return changedInThisTransaction() ? all() : catalog.all(emf);
    }

    /** A profile as the catalog holds it (read it, never change it): no database read but the catalog's number. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Profile> current(String profileId) {
        if (profileId == null || !Profile.ID_PATTERN.matcher(profileId).matches()) {
            return Optional.empty();
        }
        return changedInThisTransaction() ? find(profileId) : catalog.find(emf, profileId);
    }

    /** A change not yet committed must never reach the catalog that every request of this instance shares. */
    private boolean changedInThisTransaction() {
        return transactions != null && transactions.getTransactionKey() != null
                && transactions.getResource(CHANGED_IN_THIS_TRANSACTION) != null;
    }

    private void recordChange() {
        ProfileCatalog.recordChange(em);
        if (transactions != null) {
            transactions.putResource(CHANGED_IN_THIS_TRANSACTION, Boolean.TRUE);
        }
    }

    static Set<String> roles(boolean admin) {
        return admin ? Set.of("user", "admin") : Set.of("user");
    }

    /** Adds a profile; {@link InvalidProfile} (nothing written) if it is malformed or clashes with another. */
    public Profile create(ProfileDefinition definition) {
        if (find(definition.profileId()).isPresent()) {
            throw new InvalidProfile("profile \"" + definition.profileId() + "\" already exists");
        }
        List<Profile> existing = all();
        ProfileDefinition positioned = definition.position() != null ? definition
                : definition.withPosition(existing.stream().mapToInt(Profile::position).max().orElse(-1) + 1);
        var shares = ProfileValidator.validate(positioned, definitions(existing), nodeNames());
        Profile profile = new Profile(positioned, shares);
        em.persist(profile);
        recordChange();
        return profile;
    }

    /** Replaces a profile's settings (its id stays); {@link ProfileNotFound} if there is none. */
    public Profile update(ProfileDefinition definition) {
        Profile profile = find(definition.profileId()).orElseThrow(ProfileNotFound::new);
        em.lock(profile, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        ProfileDefinition positioned = definition.position() != null ? definition
                : definition.withPosition(profile.position());
        var shares = ProfileValidator.validate(positioned, definitions(all()), nodeNames());
        List<String> permittedBefore = profile.permissions();
        profile.redefine(positioned, shares);
        recordChange();
        if (!permittedBefore.equals(profile.permissions())) {
            permissionsChanged.fire(new ProfilePermissionsChanged(profile.profileId()));
        }
        return profile;
    }

    /**
     * Removes a profile. Its issued configurations go with it (foreign key cascade); the nodes
     * drop the peers on their next reconciliation.
     */
    public void delete(String profileId) {
        em.remove(find(profileId).orElseThrow(ProfileNotFound::new));
        recordChange();
    }

    /** The problems of a set of new profiles served by nodes of these names (empty when none). */
    public List<String> problemsOf(List<ProfileDefinition> definitions, Set<String> nodeNames) {
        return ProfileValidator.problemsOfAll(definitions, nodeNames);
    }

    /** Stores profiles that {@link #problemsOf} found nothing wrong with, in the caller's transaction. */
    public void importAll(List<ProfileDefinition> definitions) {
        for (ProfileDefinition definition : definitions) {
            em.persist(new Profile(definition, NodeShares.of(definition)));
        }
        em.flush();
        recordChange();
    }

    @SuppressWarnings("unchecked")
    private Set<String> nodeNames() {
        return new HashSet<>(em.createNativeQuery("SELECT name FROM vpn_node").getResultList());
    }

    private static List<ProfileDefinition> definitions(List<Profile> profiles) {
        return profiles.stream().map(Profile::definition).toList();
    }
}
