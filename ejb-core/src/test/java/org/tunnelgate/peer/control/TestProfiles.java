package org.tunnelgate.peer.control;

import java.util.List;
import org.tunnelgate.profile.control.NodeShares;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/** Profiles built the way the seed import builds them, for tests of the peer component. */
final class TestProfiles {

    static final String NODE_KEY = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";

    private TestProfiles() {}

    static Profile fullTunnel() {
        return build(new ProfileDefinition("employees", "Employees", 0, List.of("wireguard", "openvpn"),
                "10.43.43.0/24", "fd43::/64", 51820, "10.42.42.0/24", "fd42::/64", List.of(1194), List.of(1194),
                List.of("vpn.example.org"), List.of("9.9.9.9", "2620:fe::fe"), List.of(), List.of(), List.of(),
                true, List.of(), null, List.of("local")));
    }

    static Profile splitTunnel() {
        return build(new ProfileDefinition("admins-wg", "Admins (WireGuard)", 1, List.of("wireguard"),
                "10.44.0.0/24", "fd44::/64", 51821, null, null, null, null, List.of(), List.of("10.10.0.53"),
                List.of("corp.example"), List.of("10.10.0.0/16", "fd10::/48"), List.of("10.10.99.0/24"), false,
                List.of("role:admin"), "P1D", List.of("local")));
    }

    static Profile build(ProfileDefinition definition) {
        return new Profile(definition, NodeShares.of(definition));
    }

    static AddressPool pool(Profile profile) {
        var share = profile.nodes().get(0);
        return new AddressPool(share.wireguardIpv4Range(), share.wireguardIpv6Range());
    }
}
