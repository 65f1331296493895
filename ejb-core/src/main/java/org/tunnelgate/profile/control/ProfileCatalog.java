package org.tunnelgate.profile.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.entity.Profile;

/**
 * The profiles of this controller instance, parsed once: ranges, ports and host names are value
 * objects built when a row is read, and {@code /connect} and {@code /info} need them on every call.
 *
 * <p>Invalidation is cluster-wide through the database, not through this instance: every change to a
 * profile raises the one number in {@code profile_catalog} in its own transaction
 * ({@link #recordChange}), and each look here first reads that number (a primary-key read). A number
 * this instance has not loaded, whichever instance (or the node tool) wrote it, means the whole set
 * is read again. The number is read before the profiles, so a change that commits in between can
 * only make the held set look older than it is (and be read again), never newer.
 *
 * <p>The profiles held here are detached and shared between threads: read them, never change them
 * (an admin's edit works on a freshly found, managed profile).
 */
@ApplicationScoped
public class ProfileCatalog {

    /** What one instance holds: the profiles as of catalog version {@code version}, in display order. */
    record Snapshot(long version, List<Profile> ordered, Map<String, Profile> byId) {}

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    private volatile Snapshot held;

    /** For the container. */
    public ProfileCatalog() {}

    /** Wired by hand (tests): the database whose {@code profile_catalog} number it reads. */
    public ProfileCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The current profiles in display order, read through a fresh entity manager of {@code factory}. */
    public List<Profile> all(EntityManagerFactory factory) {
        return current(factory).ordered();
    }

    public Optional<Profile> find(EntityManagerFactory factory, String profileId) {
        return Optional.ofNullable(current(factory).byId().get(profileId));
    }

    /** Marks a change to the profiles, in the caller's transaction (every writer of the profile tables calls it). */
    public static void recordChange(EntityManager em) {
        em.createNativeQuery("UPDATE profile_catalog SET version = version + 1 WHERE id = 1").executeUpdate();
    }

    private Snapshot current(EntityManagerFactory factory) {
        // the number through plain JDBC: through a fresh entity manager and a native query it cost a
        // fifth of a /connect, more than the issuing transaction
        long version = JdbcTransaction.read(dataSource, ProfileCatalog::version);
        Snapshot snapshot = held;
        if (snapshot != null && snapshot.version() == version) {
            return snapshot;
        }
        // A fresh entity manager: the profiles it loads belong to no caller's persistence context, so
        // a caller that later finds and edits a profile never edits the shared copy.
        EntityManager em = factory.createEntityManager();
        try {
            List<Profile> ordered = List.copyOf(em.createNamedQuery(Profile.ALL, Profile.class).getResultList());
            ordered.forEach(Profile::nodes); // every part read before the profiles are detached
            Map<String, Profile> byId = new LinkedHashMap<>();
            ordered.forEach(p -> byId.put(p.profileId(), p));
            em.clear();
            Snapshot loaded = new Snapshot(version, ordered, Map.copyOf(byId));
            held = loaded;
            return loaded;
        } finally {
            em.close();
        }
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM profile_catalog WHERE id = 1");
             ResultSet row = s.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
