package org.tunnelgate.profile.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;

/** A profile's OpenVPN part: the client address ranges and the UDP and TCP ports it listens on. */
@Embeddable
public class OpenVpnSettings {

    /** No OpenVPN; the profile's fallback when JPA reads the all-null columns as a null embeddable. */
    static final OpenVpnSettings NONE = new OpenVpnSettings();

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "ovpn_ipv4_range", length = 43)
    private IpPrefix ipv4Range;

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "ovpn_ipv6_range", length = 43)
    private IpPrefix ipv6Range;

    @Convert(converter = PortListConverter.class)
    @Column(name = "ovpn_udp_ports", nullable = false)
    private PortList udpPorts;

    @Convert(converter = PortListConverter.class)
    @Column(name = "ovpn_tcp_ports", nullable = false)
    private PortList tcpPorts;

    protected OpenVpnSettings() {}

    OpenVpnSettings(IpPrefix ipv4Range, IpPrefix ipv6Range, PortList udpPorts, PortList tcpPorts) {
        this.ipv4Range = ipv4Range;
        this.ipv6Range = ipv6Range;
        this.udpPorts = udpPorts;
        this.tcpPorts = tcpPorts;
    }

    IpPrefix ipv4Range() {
        return ipv4Range;
    }

    IpPrefix ipv6Range() {
        return ipv6Range;
    }

    PortList udpPorts() {
        return udpPorts == null ? PortList.NONE : udpPorts;
    }

    PortList tcpPorts() {
        return tcpPorts == null ? PortList.NONE : tcpPorts;
    }
}
