package org.tunnelgate.profile.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.peer.entity.WireGuardKey;
import org.tunnelgate.platform.InvalidInput;
import org.tunnelgate.profile.entity.IpAddresses;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * Checks a profile definition on its own and against every other profile and the known nodes,
 * and works out each serving node's share of the address ranges. All problems are collected and
 * reported together in one {@link InvalidInput}, each naming the profile and field, so an
 * operator fixes a seed file in one pass.
 *
 * <p>Rules beyond "well-formed": a range must be a network address; WireGuard and OpenVPN ranges
 * of all profiles are pairwise disjoint; a profile's IPv6 range has at least as many addresses as
 * its IPv4 range (a client's IPv6 address sits at the same offset as its IPv4 one); every node
 * gets an equal power-of-two share of each range, which must still hold a gateway, a client and a
 * broadcast address; UDP ports (WireGuard and OpenVPN) and TCP ports are unique among the
 * profiles that share a node.
 */
public final class ProfileValidator {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Set<String> ROLES = Set.of("user", "admin");
    private static final Duration MAX_SESSION_EXPIRY = Duration.ofDays(3660);

    private ProfileValidator() {}

    /** Validates a node definition; returns the problems (empty when fine). */
    public static List<String> validateNode(NodeDefinition node) {
        List<String> errors = new ArrayList<>();
        String where = "node \"" + node.name() + "\": ";
        if (node.name() == null || !Node.NAME_PATTERN.matcher(node.name()).matches()) {
            errors.add("node name \"" + node.name() + "\" must be 1-63 lower-case letters, digits or '-'");
        }
        if (!isHost(node.publicHost())) {
            errors.add(where + "public_host \"" + node.publicHost() + "\" is not a DNS name or IP address");
        }
        if (node.wireguardPublicKey() != null && !WireGuardKey.isValid(node.wireguardPublicKey())) {
            errors.add(where + "wireguard_public_key is not a WireGuard public key (44 base64 characters ending in '=')");
        }
        return errors;
    }

    /** Validates a set of nodes and profiles that will replace nothing (the seed file). */
    public static void validateAll(List<NodeDefinition> nodes, List<ProfileDefinition> profiles) {
        List<String> errors = new ArrayList<>();
        Set<String> nodeNames = new HashSet<>();
        for (NodeDefinition node : nodes) {
            errors.addAll(validateNode(node));
            if (!nodeNames.add(node.name())) {
                errors.add("node \"" + node.name() + "\" is defined twice");
            }
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < profiles.size(); i++) {
            ProfileDefinition profile = profiles.get(i);
            if (!ids.add(profile.profileId())) {
                errors.add("profile \"" + profile.profileId() + "\" is defined twice");
            }
            List<ProfileDefinition> earlier = profiles.subList(0, i);
            errors.addAll(problems(profile, earlier, nodeNames));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(String.join("; ", errors));
        }
    }

    /**
     * Validates one profile against the others (those with another id) and the known nodes, and
     * returns its node shares.
     */
    public static List<ProfileNode> validate(ProfileDefinition profile, Collection<ProfileDefinition> others,
                                             Map<String, Node> knownNodes) {
        List<ProfileDefinition> rest = others.stream()
                .filter(o -> !Objects.equals(o.profileId(), profile.profileId())).toList();
        List<String> errors = problems(profile, rest, knownNodes.keySet());
        if (!errors.isEmpty()) {
            throw new InvalidInput(String.join("; ", errors));
        }
        return shares(profile);
    }

    /** Each node's share of a valid profile's ranges, in listed node order. */
    public static List<ProfileNode> shares(ProfileDefinition profile) {
        int extraBits = extraBits(profile.nodes().size());
        List<ProfileNode> shares = new ArrayList<>();
        for (int i = 0; i < profile.nodes().size(); i++) {
            shares.add(new ProfileNode(profile.nodes().get(i),
                    part(profile.wireguardIpv4Range(), extraBits, i), part(profile.wireguardIpv6Range(), extraBits, i),
                    part(profile.openvpnIpv4Range(), extraBits, i), part(profile.openvpnIpv6Range(), extraBits, i)));
        }
        return shares;
    }

    private static IpPrefix part(String range, int extraBits, int index) {
        return range == null ? null : IpPrefix.parse(range).subPrefix(extraBits, index);
    }

    private static int extraBits(int nodeCount) {
        int bits = 0;
        while ((1 << bits) < nodeCount) {
            bits++;
        }
        return bits;
    }

    private static List<String> problems(ProfileDefinition p, List<ProfileDefinition> others, Set<String> nodeNames) {
        List<String> errors = new ArrayList<>();
        String id = p.profileId();
        if (id == null || !Profile.ID_PATTERN.matcher(id).matches()) {
            errors.add("profile_id \"" + id + "\" must be 1-64 letters, digits, '.' or '-', starting with a letter or digit");
        }
        String where = "profile \"" + id + "\": ";
        if (p.displayName() == null || p.displayName().isBlank() || p.displayName().length() > 255
                || p.displayName().chars().anyMatch(Character::isISOControl)) {
            errors.add(where + "display_name must be 1-255 printable characters");
        }
        if (p.position() != null && (p.position() < 0 || p.position() > 1_000_000)) {
            errors.add(where + "position must be between 0 and 1000000");
        }

        List<Protocol> protocols = new ArrayList<>();
        for (String name : p.protocols()) {
            Protocol.fromApiName(name).ifPresentOrElse(proto -> {
                if (protocols.contains(proto)) {
                    errors.add(where + "protocol \"" + name + "\" is listed twice");
                } else {
                    protocols.add(proto);
                }
            }, () -> errors.add(where + "unknown protocol \"" + name + "\" (use wireguard or openvpn)"));
        }
        if (p.protocols().isEmpty()) {
            errors.add(where + "protocols must name at least one of wireguard, openvpn");
        }

        int extraBits = extraBits(Math.max(1, p.nodes().size()));
        IpPrefix wg4 = null, wg6 = null, ovpn4 = null, ovpn6 = null;
        if (protocols.contains(Protocol.WIREGUARD)) {
            wg4 = range(p.wireguardIpv4Range(), 4, "wireguard.ipv4_range", where, errors);
            wg6 = range(p.wireguardIpv6Range(), 6, "wireguard.ipv6_range", where, errors);
            checkPool(wg4, wg6, extraBits, "wireguard", where, errors);
            if (p.wireguardPort() == null || !isPort(p.wireguardPort())) {
                errors.add(where + "wireguard.port must be a port number 1-65535");
            }
        } else if (p.wireguardIpv4Range() != null || p.wireguardIpv6Range() != null || p.wireguardPort() != null) {
            errors.add(where + "has WireGuard settings but does not offer wireguard");
        }
        if (protocols.contains(Protocol.OPENVPN)) {
            ovpn4 = range(p.openvpnIpv4Range(), 4, "openvpn.ipv4_range", where, errors);
            ovpn6 = range(p.openvpnIpv6Range(), 6, "openvpn.ipv6_range", where, errors);
            checkPool(ovpn4, ovpn6, extraBits, "openvpn", where, errors);
            if (p.openvpnUdpPorts().isEmpty() && p.openvpnTcpPorts().isEmpty()) {
                errors.add(where + "openvpn needs at least one UDP or TCP port");
            }
            checkPorts(p.openvpnUdpPorts(), "openvpn.udp_ports", where, errors);
            checkPorts(p.openvpnTcpPorts(), "openvpn.tcp_ports", where, errors);
        } else if (p.openvpnIpv4Range() != null || p.openvpnIpv6Range() != null
                || !p.openvpnUdpPorts().isEmpty() || !p.openvpnTcpPorts().isEmpty()) {
            errors.add(where + "has OpenVPN settings but does not offer openvpn");
        }
        if (wg4 != null && ovpn4 != null && wg4.overlaps(ovpn4)) {
            errors.add(where + "wireguard.ipv4_range " + wg4 + " overlaps openvpn.ipv4_range " + ovpn4);
        }
        if (wg6 != null && ovpn6 != null && wg6.overlaps(ovpn6)) {
            errors.add(where + "wireguard.ipv6_range " + wg6 + " overlaps openvpn.ipv6_range " + ovpn6);
        }
        if (p.wireguardPort() != null && p.openvpnUdpPorts().contains(p.wireguardPort())) {
            errors.add(where + "UDP port " + p.wireguardPort() + " is used by both WireGuard and OpenVPN");
        }

        for (String host : p.hostNames()) {
            if (!isHost(host)) {
                errors.add(where + "host name \"" + host + "\" is not a DNS name or IP address");
            }
        }
        for (String dns : p.dnsServers()) {
            if (IpAddresses.family(dns) == 0) {
                errors.add(where + "DNS server \"" + dns + "\" is not an IP address");
            }
        }
        for (String domain : p.dnsSearchDomains()) {
            if (!isDnsName(domain)) {
                errors.add(where + "DNS search domain \"" + domain + "\" is not a DNS name");
            }
        }
        for (String route : p.routes()) {
            range(route, 0, "route", where, errors);
        }
        for (String route : p.excludedRoutes()) {
            range(route, 0, "excluded route", where, errors);
        }
        for (String entry : p.permissions()) {
            boolean ok = entry.startsWith(Profile.ROLE_PREFIX)
                    ? ROLES.contains(entry.substring(Profile.ROLE_PREFIX.length()))
                    : ACCOUNT_NAME.matcher(entry).matches();
            if (!ok) {
                errors.add(where + "permission \"" + entry + "\" must be an account name or role:user / role:admin");
            }
        }
        if (p.sessionExpiry() != null) {
            try {
                Duration expiry = Duration.parse(p.sessionExpiry());
                if (expiry.compareTo(Duration.ofMinutes(5)) < 0 || expiry.compareTo(MAX_SESSION_EXPIRY) > 0) {
                    errors.add(where + "session_expiry must be between PT5M and P3660D");
                }
            } catch (DateTimeParseException e) {
                errors.add(where + "session_expiry \"" + p.sessionExpiry() + "\" is not an ISO-8601 duration like P90D");
            }
        }

        if (p.nodes().isEmpty()) {
            errors.add(where + "nodes must name at least one node");
        }
        Set<String> seen = new HashSet<>();
        for (String node : p.nodes()) {
            if (!nodeNames.contains(node)) {
                errors.add(where + "unknown node \"" + node + "\"");
            }
            if (!seen.add(node)) {
                errors.add(where + "node \"" + node + "\" is listed twice");
            }
        }

        checkAgainstOthers(p, wg4, wg6, ovpn4, ovpn6, others, where, errors);
        return errors;
    }

    private static void checkAgainstOthers(ProfileDefinition p, IpPrefix wg4, IpPrefix wg6, IpPrefix ovpn4,
                                           IpPrefix ovpn6, List<ProfileDefinition> others, String where,
                                           List<String> errors) {
        for (ProfileDefinition other : others) {
            for (IpPrefix mine : nonNull(wg4, wg6, ovpn4, ovpn6)) {
                for (String theirs : nonNullText(other.wireguardIpv4Range(), other.wireguardIpv6Range(),
                        other.openvpnIpv4Range(), other.openvpnIpv6Range())) {
                    IpPrefix prefix = tryParse(theirs);
                    if (prefix != null && prefix.overlaps(mine)) {
                        errors.add(where + "range " + mine + " overlaps range " + prefix + " of profile \"" + other.profileId() + "\"");
                    }
                }
            }
            if (other.nodes().stream().noneMatch(p.nodes()::contains)) {
                continue;
            }
            Set<Integer> theirUdp = new HashSet<>(other.openvpnUdpPorts());
            if (other.wireguardPort() != null) {
                theirUdp.add(other.wireguardPort());
            }
            List<Integer> myUdp = new ArrayList<>(p.openvpnUdpPorts());
            if (p.wireguardPort() != null) {
                myUdp.add(p.wireguardPort());
            }
            for (Integer port : myUdp) {
                if (theirUdp.contains(port)) {
                    errors.add(where + "UDP port " + port + " is also used by profile \"" + other.profileId() + "\" on a shared node");
                }
            }
            for (Integer port : p.openvpnTcpPorts()) {
                if (other.openvpnTcpPorts().contains(port)) {
                    errors.add(where + "TCP port " + port + " is also used by profile \"" + other.profileId() + "\" on a shared node");
                }
            }
        }
    }

    private static void checkPool(IpPrefix v4, IpPrefix v6, int extraBits, String proto, String where, List<String> errors) {
        if (v4 != null && v4.hostBits() - extraBits < 2) {
            errors.add(where + proto + ".ipv4_range " + v4 + " is too small to give each node a gateway, a client and a broadcast address");
        }
        if (v4 != null && v6 != null && v6.hostBits() < v4.hostBits()) {
            errors.add(where + proto + ".ipv6_range " + v6 + " must hold at least as many addresses as " + v4);
        }
    }

    private static void checkPorts(List<Integer> ports, String field, String where, List<String> errors) {
        Set<Integer> seen = new HashSet<>();
        for (Integer port : ports) {
            if (port == null || !isPort(port)) {
                errors.add(where + field + " contains " + port + ", not a port number 1-65535");
            } else if (!seen.add(port)) {
                errors.add(where + field + " lists port " + port + " twice");
            }
        }
    }

    private static IpPrefix range(String text, int family, String field, String where, List<String> errors) {
        if (text == null) {
            errors.add(where + field + " is required");
            return null;
        }
        try {
            IpPrefix prefix = IpPrefix.parse(text);
            if (family != 0 && prefix.family() != family) {
                errors.add(where + field + " " + text + " must be an IPv" + family + " prefix");
                return null;
            }
            return prefix;
        } catch (IllegalArgumentException e) {
            errors.add(where + field + " " + e.getMessage());
            return null;
        }
    }

    private static IpPrefix tryParse(String text) {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<IpPrefix> nonNull(IpPrefix... prefixes) {
        List<IpPrefix> list = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            if (p != null) {
                list.add(p);
            }
        }
        return list;
    }

    private static List<String> nonNullText(String... values) {
        List<String> list = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                list.add(v);
            }
        }
        return list;
    }

    private static boolean isPort(int port) {
        return port >= 1 && port <= 65535;
    }

    static boolean isHost(String host) {
        return host != null && (IpAddresses.family(host) != 0 || isDnsName(host));
    }

    static boolean isDnsName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

}
