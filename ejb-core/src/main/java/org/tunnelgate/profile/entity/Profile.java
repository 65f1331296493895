package org.tunnelgate.profile.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
 * What clients are told about the network (DNS, routes, default gateway) is a {@link ClientNetwork}.
 *
 * <p>Ranges, ports and host names are value objects ({@link IpPrefix}, {@link PortList},
 * {@link HostName}) that check themselves when they are built and when a row is read, so a profile
 * in memory always holds parsed, valid values. Instances are built from a {@link ProfileDefinition}
 * the validator accepted, with the per-node shares of the ranges; afterwards the profile is
 * read-only except through {@link #redefine}.
 */
@Entity
@Table(name = "vpn_profile")
@NamedQuery(name = Profile.ALL, query = "SELECT p FROM Profile p ORDER BY p.position, p.profileId")
public class Profile {

    public static final String ALL = "Profile.all";

    /** What a profile id may look like (also what the API accepts as {@code profile_id}). */
    public static final String ID_REGEX = "[a-zA-Z0-9][a-zA-Z0-9.-]{0,63}";
    public static final Pattern ID_PATTERN = Pattern.compile(ID_REGEX);

    @Id
    @jakarta.validation.constraints.Pattern(regexp = ID_REGEX)
    @Column(name = "profile_id", length = 64)
    private String profileId;

    @NotBlank
    @Size(max = 255)
    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "position", nullable = false)
    private int position;

    @Convert(converter = ProtocolListConverter.class)
    @Column(name = "protocols", nullable = false)
    private List<Protocol> protocols;

    @Embedded
    private WireGuardSettings wireguard = new WireGuardSettings();

    @Embedded
    private OpenVpnSettings openvpn = new OpenVpnSettings();

    @Convert(converter = HostNameListConverter.class)
    @Column(name = "host_names", nullable = false)
    private List<HostName> hostNames;

    @Embedded
    private ClientNetwork network;

    @Convert(converter = TextListConverter.class)
    @Column(name = "permissions", nullable = false)
    private List<String> permissions;

    @Column(name = "session_expiry", length = 32)
    private String sessionExpiry;

    @Column(name = "max_portal_configurations", nullable = false)
    private int maxPortalConfigurations;

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
        wireguard = new WireGuardSettings(prefix(d.wireguardIpv4Range()), prefix(d.wireguardIpv6Range()),
                d.wireguardPort());
        openvpn = new OpenVpnSettings(prefix(d.openvpnIpv4Range()), prefix(d.openvpnIpv6Range()),
                PortList.of(d.openvpnUdpPorts()), PortList.of(d.openvpnTcpPorts()));
        hostNames = d.hostNames().stream().map(HostName::parse).toList();
        network = new ClientNetwork(d);
        permissions = d.permissions();
        sessionExpiry = d.sessionExpiry();
        maxPortalConfigurations = d.maxPortalConfigurations() == null
                ? ProfileDefinition.DEFAULT_MAX_PORTAL_CONFIGURATIONS : d.maxPortalConfigurations();
        nodes.clear();
        nodes.addAll(nodeShares);
    }

    /** The definition this profile was built from (what the admin API returns). */
    public ProfileDefinition definition() {
        return ProfileDefinition.of(this);
    }

    private WireGuardSettings wireguard() {
        return wireguard != null ? wireguard : WireGuardSettings.NONE;
    }

    private OpenVpnSettings openvpn() {
        return openvpn != null ? openvpn : OpenVpnSettings.NONE;
    }

    private static IpPrefix prefix(String text) {
        return text == null ? null : IpPrefix.parse(text);
    }

    /** Whether an account may use this profile; see {@link Permissions}. */
    public boolean permits(String accountName, Set<String> roles) {
        return Permissions.permit(permissions, accountName, roles);
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

    public IpPrefix wireguardIpv4Range() {
        return wireguard().ipv4Range();
    }

    public IpPrefix wireguardIpv6Range() {
        return wireguard().ipv6Range();
    }

    public Integer wireguardPort() {
        return wireguard().port();
    }

    public IpPrefix openvpnIpv4Range() {
        return openvpn().ipv4Range();
    }

    public IpPrefix openvpnIpv6Range() {
        return openvpn().ipv6Range();
    }

    public List<Integer> openvpnUdpPorts() {
        return openvpn().udpPorts().values();
    }

    public List<Integer> openvpnTcpPorts() {
        return openvpn().tcpPorts().values();
    }

    public List<String> hostNames() {
        return hostNames.stream().map(HostName::toString).toList();
    }

    public List<String> dnsServers() {
        return network.dnsServers();
    }

    public List<String> dnsSearchDomains() {
        return network.dnsSearchDomains();
    }

    public List<IpPrefix> routes() {
        return network.routes();
    }

    public List<IpPrefix> excludedRoutes() {
        return network.excludedRoutes();
    }

    public boolean defaultGateway() {
        return network.defaultGateway();
    }

    public List<String> permissions() {
        return permissions;
    }

    public Optional<Duration> sessionExpiry() {
        return Optional.ofNullable(sessionExpiry).map(Duration::parse);
    }

    /** The session expiry as the operator wrote it (ISO-8601), or null. */
    public String sessionExpiryText() {
        return sessionExpiry;
    }

    /** How many configurations one account may create for this profile in the portal. */
    public int maxPortalConfigurations() {
        return maxPortalConfigurations;
    }

    /** Serving nodes with their shares of the ranges, in the order the operator listed them. */
    public List<ProfileNode> nodes() {
        return List.copyOf(nodes);
    }
}
