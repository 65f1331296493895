package org.tunnelgate.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
        return migrate(dataSource, LOCATION);
    }

    public static Status status(DataSource dataSource) {
        return status(dataSource, LOCATION);
    }

    /**
     * Migrates while holding the database's named lock {@link #lockName}: instances of a deployment
     * group that deploy at the same moment migrate one after the other, the later one finding the
     * schema up to date. Flyway's own lock does not do this on Galera — measured in the HA test:
     * two instances ran the same migration at once, one failed on "table already exists" and its
     * failed row in the history stopped every later start. A named lock lives on the database node
     * that was asked; every instance's pool asks the same one (the first node of the
     * {@code sequential} URL that is up), so it serialises them.
     */
    static MigrateResult migrate(DataSource dataSource, String... locations) {
        try (Connection lock = dataSource.getConnection()) {
            String name = lockName(lock);
            try (PreparedStatement take = lock.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                take.setString(1, name);
                take.setInt(2, (int) LOCK_WAIT.toSeconds());
                try (ResultSet r = take.executeQuery()) {
                    if (!r.next() || r.getInt(1) != 1) {
                        throw new IllegalStateException("another migration of this schema held the lock " + name
                                + " for longer than " + LOCK_WAIT.toSeconds() + " s");
                    }
                }
            }
            try {
                return flyway(dataSource, locations).migrate();
            } finally {
                try (PreparedStatement release = lock.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    release.setString(1, name);
                    release.executeQuery().close();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the schema migration lock: " + e.getMessage(), e);
        }
    }

    /** How long a migration waits for another one of the same schema to finish. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    /** The named lock of this schema's migrations (one per database: tests run many on one server). */
    static String lockName(Connection connection) throws SQLException {
        String name = "tunnelgate-migrate-" + connection.getCatalog();
        return name.length() > 64 ? name.substring(0, 64) : name;
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
