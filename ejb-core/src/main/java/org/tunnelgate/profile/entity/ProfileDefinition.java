package org.tunnelgate.profile.entity;

import java.util.List;

/**
 * A profile as an operator writes it — in the seed file or through the admin REST API — before
 * validation. Field names follow the JSON (see {@code config/profiles.example.json}). Nothing here
 * is trusted: the profile component checks every field and the fit with all other profiles and
 * nodes before a {@link Profile} is built from it.
 *
 * @param protocols       offered protocols, most preferred first: {@code wireguard}, {@code openvpn}
 * @param hostNames       names (or addresses) clients connect to; empty: the serving nodes' public hosts
 * @param permissions     who may use the profile; empty: every account. Entries are account names,
 *                        or {@code role:user} / {@code role:admin} for everyone with that role
 * @param sessionExpiry   ISO-8601 duration overriding the server-wide session expiry, or null
 * @param nodes           names of the nodes serving the profile; each gets an equal share of every range
 * @param position        place in the profile list (lower first); null: after all others
 * @param maxPortalConfigurations how many configurations one account may create for this profile in
 *                        the portal (0: none); null: {@link #DEFAULT_MAX_PORTAL_CONFIGURATIONS}
 */
public record ProfileDefinition(
        String profileId,
        String displayName,
        Integer position,
        List<String> protocols,
        String wireguardIpv4Range,
        String wireguardIpv6Range,
        Integer wireguardPort,
        String openvpnIpv4Range,
        String openvpnIpv6Range,
        List<Integer> openvpnUdpPorts,
        List<Integer> openvpnTcpPorts,
        List<String> hostNames,
        List<String> dnsServers,
        List<String> dnsSearchDomains,
        List<String> routes,
        List<String> excludedRoutes,
        boolean defaultGateway,
        List<String> permissions,
        String sessionExpiry,
        List<String> nodes,
        Integer maxPortalConfigurations) {

    /**
     * The portal cap when a profile does not set one: enough for a person's laptop, phone and a
     * spare, few enough that one person cannot empty a profile's address pool.
     */
    public static final int DEFAULT_MAX_PORTAL_CONFIGURATIONS = 5;

    /** A definition without a portal cap of its own (the default applies). */
    public ProfileDefinition(String profileId, String displayName, Integer position, List<String> protocols,
            String wireguardIpv4Range, String wireguardIpv6Range, Integer wireguardPort, String openvpnIpv4Range,
            String openvpnIpv6Range, List<Integer> openvpnUdpPorts, List<Integer> openvpnTcpPorts,
            List<String> hostNames, List<String> dnsServers, List<String> dnsSearchDomains, List<String> routes,
            List<String> excludedRoutes, boolean defaultGateway, List<String> permissions, String sessionExpiry,
            List<String> nodes) {
        this(profileId, displayName, position, protocols, wireguardIpv4Range, wireguardIpv6Range, wireguardPort,
                openvpnIpv4Range, openvpnIpv6Range, openvpnUdpPorts, openvpnTcpPorts, hostNames, dnsServers,
                dnsSearchDomains, routes, excludedRoutes, defaultGateway, permissions, sessionExpiry, nodes, null);
    }

    public ProfileDefinition {
        protocols = copy(protocols);
        openvpnUdpPorts = openvpnUdpPorts == null ? List.of() : List.copyOf(openvpnUdpPorts);
        openvpnTcpPorts = openvpnTcpPorts == null ? List.of() : List.copyOf(openvpnTcpPorts);
        hostNames = copy(hostNames);
        dnsServers = copy(dnsServers);
        dnsSearchDomains = copy(dnsSearchDomains);
        routes = copy(routes);
        excludedRoutes = copy(excludedRoutes);
        permissions = copy(permissions);
        nodes = copy(nodes);
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : values.stream().map(v -> v == null ? "" : v).toList();
    }

    public ProfileDefinition withPosition(int newPosition) {
        return new ProfileDefinition(profileId, displayName, newPosition, protocols, wireguardIpv4Range,
                wireguardIpv6Range, wireguardPort, openvpnIpv4Range, openvpnIpv6Range, openvpnUdpPorts,
                openvpnTcpPorts, hostNames, dnsServers, dnsSearchDomains, routes, excludedRoutes, defaultGateway,
                permissions, sessionExpiry, nodes, maxPortalConfigurations);
    }

    /** What {@code profile} was defined as: canonical text for every range, as stored. */
    public static ProfileDefinition of(Profile p) {
        return new ProfileDefinition(p.profileId(), p.displayName(), p.position(),
                p.protocols().stream().map(Protocol::apiName).toList(), text(p.wireguardIpv4Range()),
                text(p.wireguardIpv6Range()), p.wireguardPort(), text(p.openvpnIpv4Range()),
                text(p.openvpnIpv6Range()), p.openvpnUdpPorts(), p.openvpnTcpPorts(), p.hostNames(), p.dnsServers(),
                p.dnsSearchDomains(), texts(p.routes()), texts(p.excludedRoutes()), p.defaultGateway(),
                p.permissions(), p.sessionExpiryText(), p.nodes().stream().map(ProfileNode::nodeName).toList(),
                p.maxPortalConfigurations());
    }

    private static String text(IpPrefix prefix) {
        return prefix == null ? null : prefix.toString();
    }

    private static List<String> texts(List<IpPrefix> prefixes) {
        return prefixes.stream().map(IpPrefix::toString).toList();
    }
}
