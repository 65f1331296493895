package org.tunnelgate.portal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;

class ConfigurationCheckTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final String REAL_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void aProperlySetUpServiceHasNoProblems() {
        var node = new Node("node-a", "vpn.corp.test", REAL_KEY);
        var profile = profile("staff", "10.10.0.0/24", List.of("vpn.corp.test"), "node-a");

        assertThat(ConfigurationCheck.problems(List.of(profile), List.of(node), null, NOW)).isEmpty();
    }

    @Test
    void theShippedExampleHostAndKeyAreNamedWithWhatToDo() {
        var node = new Node("local", "vpn.example.org", ConfigurationCheck.EXAMPLE_WIREGUARD_KEY);
        var profile = profile("employees", "10.43.0.0/22", List.of("vpn.example.org"), "local");

        assertThat(ConfigurationCheck.problems(List.of(profile), List.of(node), null, NOW))
                .anySatisfy(p -> assertThat(p).contains("Node local", "vpn.example.org", "real host name"))
                .anySatisfy(p -> assertThat(p).contains("Profile employees", "vpn.example.org"))
                .anySatisfy(p -> assertThat(p).contains("example WireGuard key", "private half"));
    }

    @Test
    void aProfileWithoutNodesOrWithAKeylessNodeCannotWork() {
        var keyless = new Node("bare", "vpn.corp.test", null);

        assertThat(ConfigurationCheck.problems(
                List.of(profile("orphan", "10.1.0.0/24", List.of(), null), profile("keyless", "10.2.0.0/24", List.of(), "bare")),
                List.of(keyless), null, NOW))
                .containsExactly("Profile orphan is served by no node: nobody can connect to it.",
                        "Profile keyless offers WireGuard on node bare, which has no WireGuard public key: its configurations cannot work.");
    }

    @Test
    void aProfileWhoseNodesAreAllDownOrDrainedIsReported() {
        var node = new Node("node-a", "vpn.corp.test", REAL_KEY);
        var profile = profile("staff", "10.10.0.0/24", List.of(), "node-a");

        assertThat(ConfigurationCheck.problems(List.of(profile), List.of(node), java.util.Set.of(), null, NOW))
                .containsExactly("Profile staff has no healthy node (all of node-a are down or in maintenance): "
                        + "nobody can connect to it now.");
        assertThat(ConfigurationCheck.problems(List.of(profile), List.of(node), java.util.Set.of("node-a"), null, NOW)).isEmpty();
    }

    @Test
    void overlappingRangesOfTwoProfilesAreReported() {
        var node = new Node("node-a", "vpn.corp.test", REAL_KEY);

        assertThat(ConfigurationCheck.problems(List.of(profile("a", "10.0.0.0/16", List.of(), "node-a"),
                profile("b", "10.0.4.0/24", List.of(), "node-a")), List.of(node), null, NOW))
                .containsExactly("Profiles a and b have overlapping ranges 10.0.0.0/16 and 10.0.4.0/24: "
                        + "clients of both could get the same address.");
    }

    @Test
    void exampleHostsAreTheReservedDomainsOnly() {
        assertThat(ConfigurationCheck.isExampleHost("VPN.Example.ORG")).isTrue();
        assertThat(ConfigurationCheck.isExampleHost("example.com")).isTrue();
        assertThat(ConfigurationCheck.isExampleHost("corp.example")).isTrue();
        assertThat(ConfigurationCheck.isExampleHost("myexample.org")).isFalse();
        assertThat(ConfigurationCheck.isExampleHost("vpn.example.org.eu")).isFalse();
    }

    private static Profile profile(String id, String wireguardIpv4, List<String> hostNames, String node) {
        var definition = new ProfileDefinition(id, id, 0, List.of("wireguard"), wireguardIpv4, null, 51820, null, null,
                List.of(), List.of(), hostNames, List.of(), List.of(), List.of(), List.of(), true, List.of(), null,
                node == null ? List.of() : List.of(node));
        List<ProfileNode> shares = node == null ? List.of()
                : List.of(new ProfileNode(node, IpPrefix.parse(wireguardIpv4), null, null, null));
        return new Profile(definition, shares);
    }
}
