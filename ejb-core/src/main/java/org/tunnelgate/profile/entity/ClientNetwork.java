package org.tunnelgate.profile.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import java.util.List;

/**
 * What a profile tells its clients about the network behind the tunnel — the same for WireGuard and
 * OpenVPN, in every configuration and on every node: the DNS servers and search domains, the routes
 * (and the routes left out), and whether all traffic goes through the VPN.
 */
@Embeddable
public class ClientNetwork {

    @Convert(converter = TextListConverter.class)
    @Column(name = "dns_servers", nullable = false)
    private List<String> dnsServers;

    @Convert(converter = TextListConverter.class)
    @Column(name = "dns_search_domains", nullable = false)
    private List<String> dnsSearchDomains;

    @Convert(converter = PrefixListConverter.class)
    @Column(name = "routes", nullable = false)
    private List<IpPrefix> routes;

    @Convert(converter = PrefixListConverter.class)
    @Column(name = "excluded_routes", nullable = false)
    private List<IpPrefix> excludedRoutes;

    @Column(name = "default_gateway", nullable = false)
    private boolean defaultGateway;

    protected ClientNetwork() {}

    /** From an accepted definition: the routes are parsed here, as {@link IpPrefix} values. */
    ClientNetwork(ProfileDefinition d) {
        dnsServers = d.dnsServers();
        dnsSearchDomains = d.dnsSearchDomains();
        routes = d.routes().stream().map(IpPrefix::parse).toList();
        excludedRoutes = d.excludedRoutes().stream().map(IpPrefix::parse).toList();
        defaultGateway = d.defaultGateway();
    }

    List<String> dnsServers() {
        return dnsServers;
    }

    List<String> dnsSearchDomains() {
        return dnsSearchDomains;
    }

    List<IpPrefix> routes() {
        return routes;
    }

    List<IpPrefix> excludedRoutes() {
        return excludedRoutes;
    }

    boolean defaultGateway() {
        return defaultGateway;
    }
}
