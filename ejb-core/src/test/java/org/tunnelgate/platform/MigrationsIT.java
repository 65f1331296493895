package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.testsupport.MariaDbServer;

class MigrationsIT {

    private final MariaDbServer server = MariaDbServer.shared();

    @Test
    void migrationsCreateTheSchemaInAnEmptyDatabase() throws SQLException {
        var db = server.freshDatabase();

        var result = Migrations.migrate(db.dataSource());

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThan(0);
        assertThat(tables(db)).contains("account", "login_failure", "audit_entry");
        assertThat(Migrations.status(db.dataSource()).upToDate()).isTrue();
    }

    @Test
    void migratingTwiceChangesNothingTheSecondTime() {
        var db = server.freshDatabase();
        Migrations.migrate(db.dataSource());

        var second = Migrations.migrate(db.dataSource());

        assertThat(second.migrationsExecuted).isZero();
        assertThat(Migrations.status(db.dataSource()).upToDate()).isTrue();
    }

    @Test
    void everyTableHasAPrimaryKeyAsGaleraRequires() throws SQLException {
        var db = server.freshDatabase();
        Migrations.migrate(db.dataSource());

        try (var c = db.connect(); var r = c.createStatement().executeQuery(
                "SELECT t.table_name FROM information_schema.tables t WHERE t.table_schema = DATABASE() "
                        + "AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints k "
                        + "WHERE k.table_schema = t.table_schema AND k.table_name = t.table_name "
                        + "AND k.constraint_type = 'PRIMARY KEY')")) {
            List<String> withoutKey = new ArrayList<>();
            while (r.next()) {
                withoutKey.add(r.getString(1));
            }
            assertThat(withoutKey).isEmpty();
        }
    }

    @Test
    void aLowerVersionThatLandsAfterHigherOnesWereAppliedIsStillApplied() throws SQLException {
        var db = server.freshDatabase();
        Migrations.migrate(db.dataSource());

        var late = Migrations.migrate(db.dataSource(), Migrations.LOCATION, "classpath:db/late");

        assertThat(late.migrationsExecuted).isEqualTo(1);
        assertThat(tables(db)).contains("added_later");
        assertThat(Migrations.status(db.dataSource(), Migrations.LOCATION, "classpath:db/late").upToDate()).isTrue();
    }

    @Test
    void aBrokenMigrationFailsTheDeploymentAndLeavesTheDatabaseNotReady() {
        var db = server.freshDatabase();
        var migration = new DatabaseMigration();
        migration.dataSource = db.dataSource();
        migration.migrateOnStartup = true;
        migration.locations = new String[] {Migrations.LOCATION, "classpath:db/broken"};

        assertThatThrownBy(migration::migrate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database migration failed");
        assertThat(Migrations.status(db.dataSource(), Migrations.LOCATION, "classpath:db/broken").upToDate()).isFalse();
        // and a second start does not quietly carry on either
        assertThatThrownBy(migration::migrate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMigrationWaitsWhileAnotherHoldsTheSchemasMigrationLock() throws Exception {
        var db = server.freshDatabase();
        try (var other = db.connect()) {
            String name = Migrations.lockName(other);
            try (var take = other.createStatement(); var r = take.executeQuery("SELECT GET_LOCK('" + name + "', 0)")) {
                assertThat(r.next() && r.getInt(1) == 1).isTrue();
            }
            var migration = java.util.concurrent.CompletableFuture.supplyAsync(() -> Migrations.migrate(db.dataSource()));
            // it is waiting for the lock, not migrating: the schema stays empty while the lock is held
            awaitLockWaiter(db, name);
            assertThat(migration).isNotDone();
            assertThat(tables(db)).doesNotContain("account");
            try (var release = other.createStatement()) {
                release.executeQuery("SELECT RELEASE_LOCK('" + name + "')").close();
            }
            assertThat(migration.get(2, java.util.concurrent.TimeUnit.MINUTES).success).isTrue();
        }
        assertThat(Migrations.status(db.dataSource()).upToDate()).isTrue();
    }

    /** Until a session of the server is waiting in GET_LOCK for {@code name}. */
    private static void awaitLockWaiter(MariaDbServer.Database db, String name) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (var c = db.connect(); var q = c.prepareStatement(
                    "SELECT COUNT(*) FROM information_schema.processlist WHERE state = 'User lock' AND info LIKE ?")) {
                q.setString(1, "%GET_LOCK('" + name + "'%");
                try (var r = q.executeQuery()) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no migration waited for the lock " + name);
    }

    private static List<String> tables(MariaDbServer.Database db) throws SQLException {
        try (var c = db.connect(); ResultSet r = c.getMetaData().getTables(db.name(), null, "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (r.next()) {
                names.add(r.getString("TABLE_NAME"));
            }
            return names;
        }
    }
}
