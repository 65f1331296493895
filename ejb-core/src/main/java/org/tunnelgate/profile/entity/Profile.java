package org.tunnelgate.profile.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A VPN profile: what a person picks in the app or portal ("Employees", "Admins (WireGuard)").
 * It says which protocols are offered and in which order, which address ranges and ports they
 * use, what gets routed and which DNS servers are pushed, who may use it and which nodes serve it.
 *
 * <p>Instances are only built from a {@link ProfileDefinition} that
 * {@link org.tunnelgate.profile.control.ProfileValidator} accepted, together with the per-node
 * shares of the ranges; afterwards the profile is read-only except through {@link #redefine}.
 */
@Entity
@Table(name = "vpn_profile")
@NamedQuery(name = Profile.ALL, query = "SELECT p FROM Profile p ORDER BY p.position, p.profileId")
public class Profile {

    public static final String ALL = "Profile.all";

    /** What a profile id may look like (also what the API accepts as {@code profile_id}). */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9.-]{0,63}");

    /** Permission entry prefix that grants a profile to everyone with a role. */
    public static final String ROLE_PREFIX = "role:";

    @Id
    @Column(name = "profile_id", length = 64)
    private String profileId;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "position", nullable = false)
    private int position;

    @Convert(converter = ProtocolListConverter.class)
    @Column(name = "protocols", nullable = false)
    private List<Protocol> protocols;

    @Column(name = "wg_ipv4_range", length = 43)
    private String wireguardIpv4Range;

    @Column(name = "wg_ipv6_range", length = 43)
    private String wireguardIpv6Range;

    @Column(name = "wg_port")
    private Integer wireguardPort;

    @Column(name = "ovpn_ipv4_range", length = 43)
    private String openvpnIpv4Range;

    @Column(name = "ovpn_ipv6_range", length = 43)
    private String openvpnIpv6Range;

    @Convert(converter = PortListConverter.class)
    @Column(name = "ovpn_udp_ports", nullable = false)
    private List<Integer> openvpnUdpPorts;

    @Convert(converter = PortListConverter.class)
    @Column(name = "ovpn_tcp_ports", nullable = false)
    private List<Integer> openvpnTcpPorts;

    @Convert(converter = TextListConverter.class)
    @Column(name = "host_names", nullable = false)
    private List<String> hostNames;

    @Convert(converter = TextListConverter.class)
    @Column(name = "dns_servers", nullable = false)
    private List<String> dnsServers;

    @Convert(converter = TextListConverter.class)
    @Column(name = "dns_search_domains", nullable = false)
    private List<String> dnsSearchDomains;

    @Convert(converter = TextListConverter.class)
    @Column(name = "routes", nullable = false)
    private List<String> routes;

    @Convert(converter = TextListConverter.class)
    @Column(name = "excluded_routes", nullable = false)
    private List<String> excludedRoutes;

    @Column(name = "default_gateway", nullable = false)
    private boolean defaultGateway;

    @Convert(converter = TextListConverter.class)
    @Column(name = "permissions", nullable = false)
    private List<String> permissions;

    @Column(name = "session_expiry", length = 32)
    private String sessionExpiry;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "vpn_profile_node", joinColumns = @JoinColumn(name = "profile_id"))
    @OrderColumn(name = "position")
    private List<ProfileNode> nodes = new ArrayList<>();

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Profile() {}

    /** @param definition a definition the validator accepted, with its position filled in */
    public Profile(ProfileDefinition definition, List<ProfileNode> nodeShares) {
        this.profileId = definition.profileId();
        redefine(definition, nodeShares);
    }

    /** Replaces everything but the id with an accepted definition (the admin API's PUT). */
    public void redefine(ProfileDefinition d, List<ProfileNode> nodeShares) {
        if (!profileId.equals(d.profileId())) {
            throw new IllegalArgumentException("a profile's id cannot change");
        }
        displayName = d.displayName();
        position = d.position() == null ? 0 : d.position();
        protocols = d.protocols().stream().map(p -> Protocol.fromApiName(p).orElseThrow()).toList();
        wireguardIpv4Range = d.wireguardIpv4Range();
        wireguardIpv6Range = d.wireguardIpv6Range();
        wireguardPort = d.wireguardPort();
        openvpnIpv4Range = d.openvpnIpv4Range();
        openvpnIpv6Range = d.openvpnIpv6Range();
        openvpnUdpPorts = d.openvpnUdpPorts();
        openvpnTcpPorts = d.openvpnTcpPorts();
        hostNames = d.hostNames();
        dnsServers = d.dnsServers();
        dnsSearchDomains = d.dnsSearchDomains();
        routes = d.routes();
        excludedRoutes = d.excludedRoutes();
        defaultGateway = d.defaultGateway();
        permissions = d.permissions();
        sessionExpiry = d.sessionExpiry();
        nodes.clear();
        nodes.addAll(nodeShares);
    }

    /** The definition this profile was built from (what the admin API returns). */
    public ProfileDefinition definition() {
        return new ProfileDefinition(profileId, displayName, position,
                protocols.stream().map(Protocol::apiName).toList(), wireguardIpv4Range, wireguardIpv6Range,
                wireguardPort, openvpnIpv4Range, openvpnIpv6Range, openvpnUdpPorts, openvpnTcpPorts, hostNames,
                dnsServers, dnsSearchDomains, routes, excludedRoutes, defaultGateway, permissions, sessionExpiry,
                nodes.stream().map(ProfileNode::nodeName).toList());
    }

    /**
     * Whether an account may use this profile: everyone when the permission list is empty, else
     * the account is named in it or holds a role it names ({@code role:admin}).
     */
    public boolean permits(String accountName, Set<String> roles) {
        if (permissions.isEmpty()) {
            return true;
        }
        for (String entry : permissions) {
            if (entry.startsWith(ROLE_PREFIX) ? roles.contains(entry.substring(ROLE_PREFIX.length()))
                    : entry.equals(accountName)) {
                return true;
            }
        }
        return false;
    }

    public String profileId() {
        return profileId;
    }

    public String displayName() {
        return displayName;
    }

    public int position() {
        return position;
    }

    /** Offered protocols, most preferred first. */
    public List<Protocol> protocols() {
        return protocols;
    }

    public boolean offers(Protocol protocol) {
        return protocols.contains(protocol);
    }

    public IpPrefix wireguardIpv4Range() {
        return wireguardIpv4Range == null ? null : IpPrefix.parse(wireguardIpv4Range);
    }

    public IpPrefix wireguardIpv6Range() {
        return wireguardIpv6Range == null ? null : IpPrefix.parse(wireguardIpv6Range);
    }

    public Integer wireguardPort() {
        return wireguardPort;
    }

    public IpPrefix openvpnIpv4Range() {
        return openvpnIpv4Range == null ? null : IpPrefix.parse(openvpnIpv4Range);
    }

    public IpPrefix openvpnIpv6Range() {
        return openvpnIpv6Range == null ? null : IpPrefix.parse(openvpnIpv6Range);
    }

    public List<Integer> openvpnUdpPorts() {
        return openvpnUdpPorts;
    }

    public List<Integer> openvpnTcpPorts() {
        return openvpnTcpPorts;
    }

    public List<String> hostNames() {
        return hostNames;
    }

    public List<String> dnsServers() {
        return dnsServers;
    }

    public List<String> dnsSearchDomains() {
        return dnsSearchDomains;
    }

    public List<IpPrefix> routes() {
        return routes.stream().map(IpPrefix::parse).toList();
    }

    public List<IpPrefix> excludedRoutes() {
        return excludedRoutes.stream().map(IpPrefix::parse).toList();
    }

    public boolean defaultGateway() {
        return defaultGateway;
    }

    public List<String> permissions() {
        return permissions;
    }

    public Optional<Duration> sessionExpiry() {
        return Optional.ofNullable(sessionExpiry).map(Duration::parse);
    }

    /** Serving nodes with their shares of the ranges, in the order the operator listed them. */
    public List<ProfileNode> nodes() {
        return List.copyOf(nodes);
    }

    public Optional<ProfileNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.nodeName().equals(nodeName)).findFirst();
    }

    public long version() {
        return version;
    }
}
