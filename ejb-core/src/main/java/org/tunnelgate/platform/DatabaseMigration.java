package org.tunnelgate.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Migrates the schema while the application deploys, before anything else touches the database.
 * A failed migration throws out of {@code @PostConstruct}, which fails the deployment: the
 * controller never serves requests on a half-migrated schema.
 *
 * <p>Other start-up singletons that read or seed tables declare
 * {@code @DependsOn("DatabaseMigration")}. Instances that deploy at once migrate one after the
 * other ({@link Migrations#migrate} holds a named lock; Flyway's own does not serialise them on
 * Galera). Operators may still set {@code tunnelgate.db.migrate-on-startup=false} on all but one
 * instance.
 *
 * <p>Bean-managed transactions: Flyway drives its own transactions on the non-XA pool.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "tunnelgate.db.migrate-on-startup", defaultValue = "true")
    boolean migrateOnStartup;

    String[] locations = {Migrations.LOCATION};

    /**
     * Returns once the schema is migrated: the container runs {@code @PostConstruct} before the first
     * call to a singleton, so code outside this module that must not touch an unmigrated schema (the
     * web module's seed import) calls this first.
     */
    public void awaitMigration() {
        // nothing to do: being called is the guarantee
    }

    @PostConstruct
    void migrate() {
        if (!migrateOnStartup) {
            LOG.info("tunnelgate.db.migrate-on-startup=false: not migrating the schema on this instance");
            return;
        }
        try {
            var result = Migrations.migrate(dataSource, locations);
            LOG.info(() -> result.migrationsExecuted == 0 ? "database schema is up to date (no migration applied now)"
                    : "database schema at version " + result.targetSchemaVersion
                            + " (" + result.migrationsExecuted + " migrations applied now)");
        } catch (RuntimeException e) {
            throw new IllegalStateException("database migration failed, refusing to start: " + e.getMessage(), e);
        }
    }
}
