package org.tunnelgate.profile.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;

class ProfileValidatorTest {

    static final Set<String> NODES = Set.of("a", "b");

    static ProfileDefinition wireguard(String id, String v4, String v6, int port, List<String> nodes) {
        return new ProfileDefinition(id, "Profile " + id, null, List.of("wireguard"), v4, v6, port,
                null, null, null, null, List.of(), List.of("9.9.9.9"), List.of(), List.of(), List.of(), true,
                List.of(), null, nodes);
    }

    static ProfileDefinition both(String id) {
        return new ProfileDefinition(id, "Both", null, List.of("wireguard", "openvpn"), "10.43.0.0/24",
                "fd43::/64", 51820, "10.42.0.0/24", "fd42::/64", List.of(1194), List.of(1194, 443),
                List.of("vpn.example.org"), List.of("9.9.9.9", "2620:fe::fe"), List.of("corp.example"),
                List.of("10.10.0.0/16"), List.of("10.10.9.0/24"), false, List.of("role:admin", "alice"), "P1D",
                List.of("a"));
    }

    private static String problemsOf(ProfileDefinition definition, List<ProfileDefinition> others) {
        try {
            ProfileValidator.validate(definition, others, NODES);
            return "";
        } catch (InvalidProfile e) {
            return e.getMessage();
        }
    }

    @Test
    void aCompleteProfileIsAccepted() {
        List<ProfileNode> shares = ProfileValidator.validate(both("employees"), List.of(), NODES);
        assertThat(shares).singleElement().satisfies(n -> {
            assertThat(n.nodeName()).isEqualTo("a");
            assertThat(n.wireguardIpv4Range()).hasToString("10.43.0.0/24");
            assertThat(n.openvpnIpv6Range()).hasToString("fd42::/64");
        });
    }

    @Test
    void eachNodeGetsAnEqualDisjointShareOfTheRanges() {
        List<ProfileNode> shares = ProfileValidator.validate(
                wireguard("two", "10.43.0.0/24", "fd43::/64", 51820, List.of("a", "b")), List.of(), NODES);
        assertThat(shares).extracting(n -> n.wireguardIpv4Range().toString())
                .containsExactly("10.43.0.0/25", "10.43.0.128/25");
        assertThat(shares).extracting(n -> n.wireguardIpv6Range().toString())
                .containsExactly("fd43::/65", "fd43::8000:0:0:0/65");
    }

    @Test
    void malformedRangesAreReportedWithTheField() {
        assertThat(problemsOf(wireguard("x", "10.43.0.1/24", "fd43::/64", 51820, List.of("a")), List.of()))
                .contains("profile \"x\": wireguard.ipv4_range", "did you mean 10.43.0.0/24");
        assertThat(problemsOf(wireguard("x", "fd43::/64", "fd44::/64", 51820, List.of("a")), List.of()))
                .contains("must be an IPv4 prefix");
    }

    @Test
    void overlappingRangesWithinAndAcrossProfilesAreRefused() {
        ProfileDefinition inside = new ProfileDefinition("x", "X", null, List.of("wireguard", "openvpn"),
                "10.43.0.0/24", "fd43::/64", 51820, "10.43.0.128/25", "fd42::/64", List.of(1194), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), true, List.of(), null, List.of("a"));
        assertThat(problemsOf(inside, List.of())).contains("overlaps openvpn.ipv4_range 10.43.0.128/25");

        ProfileDefinition other = wireguard("other", "10.0.0.0/8", "fd00::/8", 51821, List.of("b"));
        assertThat(problemsOf(wireguard("x", "10.43.0.0/24", "fd43::/64", 51820, List.of("a")), List.of(other)))
                .contains("overlaps range 10.0.0.0/8 of profile \"other\"", "overlaps range fd00::/8");
    }

    @Test
    void portsMayNotClashWithinAProfileOrOnASharedNode() {
        ProfileDefinition clash = new ProfileDefinition("x", "X", null, List.of("wireguard", "openvpn"),
                "10.43.0.0/24", "fd43::/64", 1194, "10.42.0.0/24", "fd42::/64", List.of(1194, 1194), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), true, List.of(), null, List.of("a"));
        assertThat(problemsOf(clash, List.of()))
                .contains("UDP port 1194 is used by both WireGuard and OpenVPN", "lists port 1194 twice");

        ProfileDefinition onA = wireguard("on-a", "10.50.0.0/24", "fd50::/64", 51820, List.of("a"));
        ProfileDefinition onB = wireguard("on-b", "10.51.0.0/24", "fd51::/64", 51820, List.of("b"));
        assertThat(problemsOf(wireguard("x", "10.43.0.0/24", "fd43::/64", 51820, List.of("a")), List.of(onA, onB)))
                .contains("UDP port 51820 is also used by profile \"on-a\"")
                .doesNotContain("on-b");
    }

    @Test
    void unknownNodesAndBadFieldsAreAllReportedAtOnce() {
        ProfileDefinition bad = new ProfileDefinition("no spaces", "", null, List.of("ipsec"), null, null, null,
                null, null, null, null, List.of("bad host!"), List.of("dns.example"), List.of("-x"), List.of("10/8"),
                List.of(), true, List.of("role:root", "a b"), "90 days", List.of("c"));
        assertThat(problemsOf(bad, List.of())).contains("profile_id \"no spaces\"", "display_name",
                "unknown protocol \"ipsec\"", "host name \"bad host!\"", "DNS server \"dns.example\"",
                "DNS search domain \"-x\"", "route", "permission \"role:root\"", "permission \"a b\"",
                "session_expiry \"90 days\"", "unknown node \"c\"");
    }

    @Test
    void aRangeTooSmallToShareBetweenNodesIsRefused() {
        assertThat(problemsOf(wireguard("x", "10.43.0.0/30", "fd43::/64", 51820, List.of("a", "b")), List.of()))
                .contains("too small");
        assertThat(problemsOf(wireguard("x", "10.43.0.0/16", "fd43::/120", 51820, List.of("a")), List.of()))
                .contains("must hold at least as many addresses");
    }
}
