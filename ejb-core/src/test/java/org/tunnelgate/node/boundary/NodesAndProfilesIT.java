package org.tunnelgate.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.ProfileNotFound;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.boundary.TestProfilesBoundary;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.Protocol;
import org.tunnelgate.testsupport.JpaDatabase;

/**
 * Nodes and the profiles they serve on a real MariaDB: the seed import (all or nothing), the admin
 * operations, and profiles read back from their rows with every range, port and name intact.
 */
class NodesAndProfilesIT {

    static final String KEY = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";

    JpaDatabase db;
    Profiles profiles;
    Nodes nodes;

    @BeforeEach
    void freshDatabase() {
        db = new JpaDatabase();
        profiles = TestProfilesBoundary.on(db);
        nodes = new Nodes();
        nodes.em = db.em();
        nodes.profiles = profiles;
        nodes.client = new NodeClient();
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ProfileDefinition employees(List<String> nodeNames) {
        return new ProfileDefinition("employees", "Employees", null, List.of("wireguard", "openvpn"),
                "10.43.0.0/24", "FD43::/64", 51820, "10.42.0.0/24", "fd42::/64", List.of(1194), List.of(443),
                List.of("vpn.example.org"), List.of("9.9.9.9"), List.of("corp.example"), List.of("10.10.0.0/16"),
                List.of("10.10.9.0/24"), false, List.of("role:user"), "P1D", nodeNames);
    }

    @Test
    void theSeedImportsNodesAndProfilesOnceAndTheProfileReadsBackWhole() {
        boolean seeded = db.inTransaction(() -> nodes.seedIfEmpty(
                List.of(new NodeDefinition("a", "a.example.org", KEY), new NodeDefinition("b", "2001:db8::1", null)),
                List.of(employees(List.of("a", "b")))));

        assertThat(seeded).isTrue();
        assertThat(db.inTransaction(() -> nodes.seedIfEmpty(List.of(), List.of()))).isFalse();
        Profile read = profiles.find("employees").orElseThrow();
        assertThat(read.protocols()).containsExactly(Protocol.WIREGUARD, Protocol.OPENVPN);
        assertThat(read.wireguardIpv6Range()).hasToString("fd43::/64");
        assertThat(read.openvpnUdpPorts()).containsExactly(1194);
        assertThat(read.openvpnTcpPorts()).containsExactly(443);
        assertThat(read.hostNames()).containsExactly("vpn.example.org");
        assertThat(read.routes()).extracting(Object::toString).containsExactly("10.10.0.0/16");
        assertThat(read.nodes()).extracting(n -> n.wireguardIpv4Range().toString())
                .containsExactly("10.43.0.0/25", "10.43.0.128/25");
        assertThat(read.permits("bob", java.util.Set.of("user"))).isTrue();
        assertThat(nodes.all()).extracting(n -> n.name() + " " + n.publicHost() + " " + n.wireguardPublicKey().isPresent())
                .containsExactly("a a.example.org true", "b 2001:db8::1 false");
    }

    @Test
    void aSeedWithABadNodeOrProfileWritesNothingAndSaysEverythingAtOnce() {
        assertThatThrownBy(() -> db.inTransaction(() -> nodes.seedIfEmpty(
                List.of(new NodeDefinition("Bad_Name", "a.example.org", null)),
                List.of(employees(List.of("nowhere"))))))
                .isInstanceOf(InvalidProfile.class)
                .hasMessageContaining("node name \"Bad_Name\"").hasMessageContaining("unknown node \"nowhere\"");

        assertThat(db.count("SELECT COUNT(*) FROM vpn_node")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM vpn_profile")).isZero();
    }

    @Test
    void adminsAddAndChangeNodesButNotWithAMalformedKey() {
        db.inTransaction(() -> nodes.save(new NodeDefinition("a", "a.example.org", null)));
        db.inTransaction(() -> nodes.save(new NodeDefinition("a", "vpn.example.org", KEY)));

        assertThatThrownBy(() -> db.inTransaction(() -> nodes.save(new NodeDefinition("a", "vpn.example.org", "nope"))))
                .isInstanceOf(InvalidNode.class).hasMessageContaining("wireguard_public_key");
        assertThat(nodes.find("a")).hasValueSatisfying(n -> {
            assertThat(n.publicHost()).isEqualTo("vpn.example.org");
            assertThat(n.wireguardPublicKey()).contains(KEY);
        });
    }

    @Test
    void profilesAreCreatedUpdatedAndDeletedAgainstTheKnownNodes() {
        db.inTransaction(() -> nodes.save(new NodeDefinition("a", "a.example.org", KEY)));
        assertThatThrownBy(() -> db.inTransaction(() -> profiles.create(employees(List.of("b")))))
                .isInstanceOf(InvalidProfile.class).hasMessageContaining("unknown node \"b\"");

        db.inTransaction(() -> profiles.create(employees(List.of("a"))));
        ProfileDefinition renamed = new ProfileDefinition("employees", "Staff", null, List.of("wireguard"),
                "10.43.0.0/24", "fd43::/64", 51820, null, null, null, null, List.of(), List.of("9.9.9.9"), List.of(),
                List.of(), List.of(), true, List.of(), null, List.of("a"));
        db.inTransaction(() -> profiles.update(renamed));

        Profile read = profiles.find("employees").orElseThrow();
        assertThat(read.displayName()).isEqualTo("Staff");
        assertThat(read.protocols()).containsExactly(Protocol.WIREGUARD);
        assertThat(read.openvpnUdpPorts()).isEmpty();
        assertThat(read.position()).isZero();

        db.inTransaction(() -> profiles.delete("employees"));
        assertThatThrownBy(() -> db.inTransaction(() -> profiles.delete("employees"))).isInstanceOf(ProfileNotFound.class);
        assertThat(db.count("SELECT COUNT(*) FROM vpn_profile_node")).isZero();
    }

    @Test
    void profilesOfOneProtocolReadBackWithoutTheOther() {
        db.inTransaction(() -> nodes.save(new NodeDefinition("a", "a.example.org", KEY)));
        db.inTransaction(() -> profiles.create(new ProfileDefinition("ovpn", "OpenVPN only", null, List.of("openvpn"),
                null, null, null, "10.42.0.0/24", "fd42::/64", List.of(), List.of(443), List.of(), List.of(), List.of(),
                List.of(), List.of(), true, List.of(), null, List.of("a"))));
        db.inTransaction(() -> profiles.create(new ProfileDefinition("wg", "WireGuard only", null, List.of("wireguard"),
                "10.43.0.0/24", "fd43::/64", 51820, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), true, List.of(), null, List.of("a"))));

        assertThat(profiles.all()).extracting(p -> p.profileId() + " " + p.wireguardPort() + " " + p.wireguardIpv4Range()
                + " " + p.openvpnTcpPorts() + " " + p.openvpnIpv4Range())
                .containsExactly("ovpn null null [443] 10.42.0.0/24", "wg 51820 10.43.0.0/24 [] null");
        assertThat(profiles.find("ovpn").orElseThrow().definition().wireguardIpv4Range()).isNull();
    }
}
