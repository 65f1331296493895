package org.tunnelgate.profile.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One node serving a profile, with the share of the profile's address ranges it hands out. The
 * node's WireGuard interface for the profile takes the first host of its share; clients get the
 * others. Shares are disjoint, so two nodes never give out the same address.
 */
@Embeddable
public class ProfileNode {

    @Column(name = "node_name", nullable = false, length = 64)
    private String nodeName;

    @Column(name = "wg_ipv4_range", length = 43)
    private String wireguardIpv4Range;

    @Column(name = "wg_ipv6_range", length = 43)
    private String wireguardIpv6Range;

    @Column(name = "ovpn_ipv4_range", length = 43)
    private String openvpnIpv4Range;

    @Column(name = "ovpn_ipv6_range", length = 43)
    private String openvpnIpv6Range;

    protected ProfileNode() {}

    public ProfileNode(String nodeName, IpPrefix wg4, IpPrefix wg6, IpPrefix ovpn4, IpPrefix ovpn6) {
        this.nodeName = nodeName;
        this.wireguardIpv4Range = text(wg4);
        this.wireguardIpv6Range = text(wg6);
        this.openvpnIpv4Range = text(ovpn4);
        this.openvpnIpv6Range = text(ovpn6);
    }

    private static String text(IpPrefix prefix) {
        return prefix == null ? null : prefix.toString();
    }

    public String nodeName() {
        return nodeName;
    }

    public IpPrefix wireguardIpv4Range() {
        return wireguardIpv4Range == null ? null : IpPrefix.parse(wireguardIpv4Range);
    }

    public IpPrefix wireguardIpv6Range() {
        return wireguardIpv6Range == null ? null : IpPrefix.parse(wireguardIpv6Range);
    }

    public IpPrefix openvpnIpv4Range() {
        return openvpnIpv4Range == null ? null : IpPrefix.parse(openvpnIpv4Range);
    }

    public IpPrefix openvpnIpv6Range() {
        return openvpnIpv6Range == null ? null : IpPrefix.parse(openvpnIpv6Range);
    }
}
