package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireGuardConfigFileTest {

    @Test
    void aFullTunnelApiConfigurationIsByteForByteTheContractsExample() {
        var profile = TestProfiles.fullTunnel();
        String body = WireGuardConfigFile.render(profile, TestProfiles.pool(profile), 2, TestProfiles.NODE_KEY,
                "vpn.example.org", null);

        assertThat(body).isEqualTo("""
                [Interface]
                Address = 10.43.43.2/24, fd43::2/64
                DNS = 9.9.9.9, 2620:fe::fe

                [Peer]
                PublicKey = HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=
                AllowedIPs = 0.0.0.0/0, ::/0
                Endpoint = vpn.example.org:51820
                """);
    }

    @Test
    void aSplitTunnelRoutesItsPrefixesAndOwnRangesMinusTheExcludedRoutes() {
        var profile = TestProfiles.splitTunnel();
        String body = WireGuardConfigFile.render(profile, TestProfiles.pool(profile), 77, TestProfiles.NODE_KEY,
                "2001:db8::1", null);

        assertThat(body).isEqualTo("""
                [Interface]
                Address = 10.44.0.77/24, fd44::4d/64
                DNS = 10.10.0.53, corp.example

                [Peer]
                PublicKey = HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=
                AllowedIPs = 10.10.0.0/18, 10.10.64.0/19, 10.10.96.0/23, 10.10.98.0/24, 10.10.100.0/22, \
                10.10.104.0/21, 10.10.112.0/20, 10.10.128.0/17, 10.44.0.0/24, fd10::/48, fd44::/64
                Endpoint = [2001:db8::1]:51821
                """);
    }

    @Test
    void aPortalDownloadCarriesThePrivateKeyFirstInTheInterfaceSection() {
        var profile = TestProfiles.fullTunnel();
        var keys = WireGuardKeyPair.generate();
        String body = WireGuardConfigFile.render(profile, TestProfiles.pool(profile), 3, TestProfiles.NODE_KEY,
                "vpn.example.org", keys.privateKey());

        assertThat(body).startsWith("[Interface]\nPrivateKey = " + keys.privateKey() + "\nAddress = 10.43.43.3/24, fd43::3/64\n");
    }

    @Test
    void splitTunnelWithoutSearchDomainsPushesNoDnsServers() {
        var d = TestProfiles.splitTunnel().definition();
        var profile = TestProfiles.build(new org.tunnelgate.profile.entity.ProfileDefinition(d.profileId(),
                d.displayName(), 1, d.protocols(), d.wireguardIpv4Range(), d.wireguardIpv6Range(), d.wireguardPort(),
                null, null, null, null, d.hostNames(), d.dnsServers(), java.util.List.of(), d.routes(),
                java.util.List.of(), false, d.permissions(), null, d.nodes()));
        String body = WireGuardConfigFile.render(profile, TestProfiles.pool(profile), 2, TestProfiles.NODE_KEY,
                "vpn.example.org", null);
        assertThat(body).doesNotContain("DNS =");
    }
}
