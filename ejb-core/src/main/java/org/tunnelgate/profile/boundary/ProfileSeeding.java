package org.tunnelgate.profile.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.platform.BusinessException;

/**
 * Imports the operator's profiles and nodes from {@code tunnelgate.profiles-seed-file} when the
 * controller starts and no profile exists yet — so a fresh installation offers working profiles,
 * and later edits (admin API) are never overwritten. A malformed seed file does not stop the
 * controller: the reason is logged and the profile list stays empty.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProfileSeeding {

    private static final Logger LOG = Logger.getLogger(ProfileSeeding.class.getName());

    @EJB
    Profiles profiles;

    @Inject
    @ConfigProperty(name = "tunnelgate.profiles-seed-file")
    Optional<String> seedFile;

    @PostConstruct
    void seed() {
        if (seedFile.isEmpty() || seedFile.get().isBlank()) {
            LOG.info("tunnelgate.profiles-seed-file is not set: no profiles imported");
            return;
        }
        Path path = Path.of(seedFile.get());
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warning(() -> "cannot read profile seed file " + path + ": " + e);
            return;
        }
        try {
            if (profiles.seedIfEmpty(json)) {
                LOG.info(() -> "imported profiles and nodes from " + path);
            }
        } catch (BusinessException e) {
            LOG.severe(() -> "profile seed file " + path + " rejected, no profiles imported: " + e.getMessage());
        } catch (EJBException | jakarta.persistence.PersistenceException e) {
            // Most likely another instance seeded at the same moment and our insert lost on the
            // primary key. Either way the table decides: say what is there now.
            LOG.info(() -> "profile seeding did not commit here (another instance may have seeded): "
                    + e.getClass().getSimpleName() + "; profiles now: " + profiles.all().size());
        }
    }
}
