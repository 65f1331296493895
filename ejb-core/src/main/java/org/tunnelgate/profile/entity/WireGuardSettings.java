package org.tunnelgate.profile.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;

/** A profile's WireGuard part: the client address ranges and the UDP port (all null: no WireGuard). */
@Embeddable
public class WireGuardSettings {

    /**
     * No WireGuard. JPA reads an embeddable whose columns are all null as null (EclipseLink does once
     * it weaves the entity), so the profile falls back to this instead.
     */
    static final WireGuardSettings NONE = new WireGuardSettings();

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "wg_ipv4_range", length = 43)
    private IpPrefix ipv4Range;

    @Convert(converter = IpPrefixConverter.class)
    @Column(name = "wg_ipv6_range", length = 43)
    private IpPrefix ipv6Range;

    @Column(name = "wg_port")
    private Integer port;

    protected WireGuardSettings() {}

    WireGuardSettings(IpPrefix ipv4Range, IpPrefix ipv6Range, Integer port) {
        this.ipv4Range = ipv4Range;
        this.ipv6Range = ipv6Range;
        this.port = port;
    }

    IpPrefix ipv4Range() {
        return ipv4Range;
    }

    IpPrefix ipv6Range() {
        return ipv6Range;
    }

    Integer port() {
        return port;
    }
}
