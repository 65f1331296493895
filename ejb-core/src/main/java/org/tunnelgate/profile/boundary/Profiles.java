package org.tunnelgate.profile.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.ProfileNotFound;
import org.tunnelgate.profile.control.NodeShares;
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
 */
@Stateless
public class Profiles {

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @Inject
    Event<ProfilePermissionsChanged> permissionsChanged;

    /** Every profile, in display order. */
    public List<Profile> all() {
        return em.createNamedQuery(Profile.ALL, Profile.class).getResultList();
    }

    public boolean isEmpty() {
        return em.createQuery("SELECT COUNT(p) FROM Profile p", Long.class).getSingleResult() == 0;
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
        return find(profileId).filter(p -> p.permits(accountName, roles(admin))).orElseThrow(ProfileNotFound::new);
    }

    /** Whether the account may use the profile (false when there is no such profile). */
    public boolean mayUse(String profileId, Account account) {
        return find(profileId).filter(p -> p.permits(account.getName(), roles(account.isAdmin()))).isPresent();
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
    }

    @SuppressWarnings("unchecked")
    private Set<String> nodeNames() {
        return new HashSet<>(em.createNativeQuery("SELECT name FROM vpn_node").getResultList());
    }

    private static List<ProfileDefinition> definitions(List<Profile> profiles) {
        return profiles.stream().map(Profile::definition).toList();
    }
}
