package org.tunnelgate.profile.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "wg_ipv4_range", length = 43)
    private IpPrefix wireguardIpv4Range;

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "wg_ipv6_range", length = 43)
    private IpPrefix wireguardIpv6Range;

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "ovpn_ipv4_range", length = 43)
    private IpPrefix openvpnIpv4Range;

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "ovpn_ipv6_range", length = 43)
    private IpPrefix openvpnIpv6Range;

    protected ProfileNode() {}

    public ProfileNode(String nodeName, IpPrefix wg4, IpPrefix wg6, IpPrefix ovpn4, IpPrefix ovpn6) {
        this.nodeName = nodeName;
        this.wireguardIpv4Range = wg4;
        this.wireguardIpv6Range = wg6;
        this.openvpnIpv4Range = ovpn4;
        this.openvpnIpv6Range = ovpn6;
    }

    public String nodeName() {
        return nodeName;
    }

    public IpPrefix wireguardIpv4Range() {
        return wireguardIpv4Range;
    }

    public IpPrefix wireguardIpv6Range() {
        return wireguardIpv6Range;
    }

    public IpPrefix openvpnIpv4Range() {
        return openvpnIpv4Range;
    }

    public IpPrefix openvpnIpv6Range() {
        return openvpnIpv6Range;
    }
}
