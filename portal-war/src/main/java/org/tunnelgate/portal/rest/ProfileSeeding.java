package org.tunnelgate.portal.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.platform.DatabaseMigration;

/**
 * Imports the operator's profiles and nodes from {@code tunnelgate.profiles-seed-file} when the
 * application starts and no profile exists yet — so a fresh installation offers working profiles,
 * and later edits (admin API) are never overwritten. The file has the admin API's JSON form, so it
 * is read here, with the same {@link ProfileJson}. A malformed seed file does not stop the
 * controller: the reason is logged and the profile list stays empty.
 */
@ApplicationScoped
public class ProfileSeeding {

    private static final Logger LOG = Logger.getLogger(ProfileSeeding.class.getName());

    @Inject
    DatabaseMigration migration;

    @Inject
    Nodes nodes;

    @Inject
    @ConfigProperty(name = "tunnelgate.profiles-seed-file")
    Optional<String> seedFile;

    void seed(@Observes @Initialized(ApplicationScoped.class) Object started) {
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
        migration.awaitMigration();
        try {
            ProfileJson.Seed seed = ProfileJson.readSeed(json);
            if (nodes.seedIfEmpty(seed.nodes(), seed.profiles())) {
                LOG.info(() -> "imported profiles and nodes from " + path);
            }
        } catch (BusinessException e) {
            LOG.severe(() -> "profile seed file " + path + " rejected, no profiles imported: " + e.getMessage());
        } catch (RuntimeException e) {
            // Most likely another instance seeded at the same moment and our insert lost on the
            // primary key. Either way the table decides.
            LOG.info(() -> "profile seeding did not commit here (another instance may have seeded): "
                    + e.getClass().getSimpleName());
        }
    }
}
