package org.tunnelgate.platform;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The Flyway set-up in one place, so that the deployment, the readiness check and the tests all
 * see exactly the same migrations ({@code db/migration/V*.sql} inside ejb-core). Migrations run
 * from one place: see {@link DatabaseMigration}.
 */
public final class Migrations {

    static final String LOCATION = "classpath:db/migration";

    /** What the database looks like compared with the migrations this build carries. */
    public record Status(String schemaVersion, int applied, int pending, int failed) {
        public boolean upToDate() {
            return pending == 0 && failed == 0 && applied > 0;
        }
    }

    private Migrations() {}

    /** Brings the schema up to date; throws (and applies nothing further) when a migration fails. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource, LOCATION).migrate();
    }

    public static Status status(DataSource dataSource) {
        return status(dataSource, LOCATION);
    }

    static MigrateResult migrate(DataSource dataSource, String... locations) {
        return flyway(dataSource, locations).migrate();
    }

    static Status status(DataSource dataSource, String... locations) {
        var info = flyway(dataSource, locations).info();
        MigrationInfo current = info.current();
        int failed = (int) Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).count();
        return new Status(current == null ? "none" : current.getVersion().getVersion(),
                info.applied().length, info.pending().length, failed);
    }

    private static Flyway flyway(DataSource dataSource, String... locations) {
        // The class loader of ejb-core finds the SQL files inside the EJB jar as well as the
        // Flyway plugins (flyway-mysql) in the EAR's lib/.
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                // Each component numbers its own migrations (V1… accounts, V2… profiles, V3… OAuth;
                // see CONTRACTS.md), so a V2_2 can land after a database already has V3_1.
                // Component ranges are independent, so applying such a migration late is right.
                .outOfOrder(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
