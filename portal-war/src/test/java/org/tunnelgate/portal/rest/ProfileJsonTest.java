package org.tunnelgate.portal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tunnelgate.portal.http.InvalidJson;
import org.tunnelgate.profile.control.NodeShares;
import org.tunnelgate.profile.control.ProfileValidator;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.Protocol;

class ProfileJsonTest {

    static String exampleSeed() throws Exception {
        return Files.readString(Path.of("..", "config", "profiles.example.json"));
    }

    @Test
    void theExampleSeedFileIsValidAndOffersAFullAndASplitTunnel() throws Exception {
        ProfileJson.Seed seed = ProfileJson.readSeed(exampleSeed());
        assertThat(ProfileValidator.problemsOfAll(seed.profiles(), Set.of("local"))).isEmpty();

        assertThat(seed.nodes()).extracting(n -> n.name()).containsExactly("local");
        ProfileDefinition employees = seed.profiles().get(0);
        assertThat(employees.protocols()).containsExactly("wireguard", "openvpn");
        assertThat(employees.defaultGateway()).isTrue();
        ProfileDefinition admins = seed.profiles().get(1);
        assertThat(admins.protocols()).containsExactly("wireguard");
        assertThat(admins.defaultGateway()).isFalse();
        assertThat(seed.profiles()).extracting(ProfileDefinition::position).containsExactly(0, 1, 2);
    }

    @Test
    void aProfileSurvivesTheRoundTripThroughJsonAndTheEntity() throws Exception {
        ProfileDefinition admins = ProfileJson.readSeed(exampleSeed()).profiles().get(1);
        Profile profile = new Profile(admins, NodeShares.of(admins));

        assertThat(ProfileJson.readProfile(ProfileJson.write(profile.definition()).toString())).isEqualTo(admins);
        assertThat(profile.protocols()).containsExactly(Protocol.WIREGUARD);
        assertThat(profile.sessionExpiry()).contains(java.time.Duration.ofDays(1));
    }

    @Test
    void permissionsNameAccountsOrRolesAndAnEmptyListAdmitsEveryone() throws Exception {
        List<ProfileDefinition> profiles = ProfileJson.readSeed(exampleSeed()).profiles();
        Profile everyone = new Profile(profiles.get(0), NodeShares.of(profiles.get(0)));
        Profile adminsOnly = new Profile(profiles.get(1), NodeShares.of(profiles.get(1)));

        assertThat(everyone.permits("bob", Set.of("user"))).isTrue();
        assertThat(adminsOnly.permits("bob", Set.of("user"))).isFalse();
        assertThat(adminsOnly.permits("root", Set.of("user", "admin"))).isTrue();
    }

    @Test
    void unknownKeysAndWrongTypesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> ProfileJson.readProfile("{\"profile_id\":\"x\",\"display_name\":\"X\",\"defualt_gateway\":true}"))
                .isInstanceOf(InvalidJson.class).hasMessageContaining("unknown key \"defualt_gateway\"");
        assertThatThrownBy(() -> ProfileJson.readProfile("{\"profile_id\":\"x\",\"display_name\":\"X\",\"default_gateway\":\"yes\"}"))
                .isInstanceOf(InvalidJson.class).hasMessageContaining("default_gateway");
        assertThatThrownBy(() -> ProfileJson.readProfile("{\"profile_id\":\"x\",\"display_name\":\"X\",\"openvpn\":{\"udp_ports\":[1e99]}}"))
                .isInstanceOf(InvalidJson.class).hasMessageContaining("udp_ports");
        assertThatThrownBy(() -> ProfileJson.readProfile("[1,2"))
                .isInstanceOf(InvalidJson.class).hasMessageContaining("malformed JSON");
    }
}
