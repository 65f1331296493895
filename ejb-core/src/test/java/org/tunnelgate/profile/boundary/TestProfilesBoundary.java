package org.tunnelgate.profile.boundary;

import jakarta.persistence.EntityManager;
import org.tunnelgate.profile.control.ProfileCatalog;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.RecordingEvent;

/** The profile boundary wired by hand, for tests of the components above it. */
public final class TestProfilesBoundary {

    private TestProfilesBoundary() {}

    public static Profiles on(JpaDatabase db) {
        EntityManager em = db.em();
        Profiles profiles = new Profiles();
        profiles.em = em;
        profiles.emf = em.getEntityManagerFactory();
        profiles.catalog = new ProfileCatalog(db.database.dataSource());
        profiles.permissionsChanged = new RecordingEvent<>();
        return profiles;
    }
}
