package org.tunnelgate.profile.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.profile.ProfileNotFound;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.testsupport.JpaDatabase;

/**
 * The profiles each controller instance holds parsed in memory stay current on every instance: two
 * boundaries with their own catalogs stand for two instances on one database, and a change made
 * through one (or straight in the database, as the node tool does) is what the other answers with
 * on its very next call.
 */
class ProfileCatalogIT {

    JpaDatabase db;
    Profiles instanceA;
    Profiles instanceB;

    @BeforeEach
    void twoInstancesOnOneDatabase() throws SQLException {
        db = new JpaDatabase();
        try (var c = db.database.connect(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO vpn_node (name, public_host) VALUES ('a', 'a.example.org')");
        }
        instanceA = TestProfilesBoundary.on(db);
        instanceB = TestProfilesBoundary.on(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ProfileDefinition staff(String displayName, List<String> permissions) {
        return new ProfileDefinition("staff", displayName, null, List.of("wireguard"),
                "10.77.0.0/24", "fd77::/64", 51820, null, null, List.of(), List.of(),
                List.of("vpn.example.org"), List.of("9.9.9.9"), List.of(), List.of(), List.of(), true,
                permissions, null, List.of("a"));
    }

    @Test
    void anUnchangedProfileIsParsedOnceAndSharedByEveryCall() {
        db.inTransaction(() -> instanceA.create(staff("Staff", List.of())));

        Profile first = instanceB.findUsable("staff", "bob", false);
        Profile second = instanceB.findUsable("staff", "carol", false);

        assertThat(second).isSameAs(first);
        assertThat(instanceB.usableBy("bob", false)).containsExactly(first);
    }

    @Test
    void aPermissionChangeOnOneInstanceTakesEffectOnTheOtherAtOnce() {
        db.inTransaction(() -> instanceA.create(staff("Staff", List.of("role:user"))));
        assertThat(instanceB.findUsable("staff", "bob", false).displayName()).isEqualTo("Staff");

        db.inTransaction(() -> instanceA.update(staff("Staff", List.of("alice"))));

        assertThatThrownBy(() -> instanceB.findUsable("staff", "bob", false)).isInstanceOf(ProfileNotFound.class);
        assertThat(instanceB.findUsable("staff", "alice", false).permissions()).containsExactly("alice");
        assertThat(instanceB.usableBy("bob", false)).isEmpty();
    }

    @Test
    void aProfileDeletedAndMadeAgainUnderItsIdIsNotMistakenForTheOldOne() {
        db.inTransaction(() -> instanceA.create(staff("Old staff", List.of())));
        assertThat(instanceB.findUsable("staff", "bob", false).displayName()).isEqualTo("Old staff");

        db.inTransaction(() -> instanceA.delete("staff"));
        assertThatThrownBy(() -> instanceB.findUsable("staff", "bob", false)).isInstanceOf(ProfileNotFound.class);
        db.inTransaction(() -> instanceA.create(staff("New staff", List.of())));

        // its own version column starts again where the old one's was: the catalog's number does not
        assertThat(instanceB.findUsable("staff", "bob", false).displayName()).isEqualTo("New staff");
    }

    @Test
    void aChangeWrittenStraightToTheDatabaseIsSeenOnceTheCatalogNumberMoves() throws SQLException {
        db.inTransaction(() -> instanceA.create(staff("Staff", List.of())));
        assertThat(instanceB.findUsable("staff", "bob", false).displayName()).isEqualTo("Staff");

        try (var c = db.database.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE vpn_profile SET display_name = 'Renamed', version = version + 1 WHERE profile_id = 'staff'");
            s.executeUpdate("UPDATE profile_catalog SET version = version + 1 WHERE id = 1");
        }

        assertThat(instanceB.findUsable("staff", "bob", false).displayName()).isEqualTo("Renamed");
    }
}
