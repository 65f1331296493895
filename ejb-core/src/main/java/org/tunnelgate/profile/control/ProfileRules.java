package org.tunnelgate.profile.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tunnelgate.profile.entity.HostName;
import org.tunnelgate.profile.entity.IpAddresses;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Permissions;
import org.tunnelgate.profile.entity.PortList;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.Protocol;

/**
 * The rules one profile definition must meet on its own: every field well-formed (ranges are network
 * addresses of the right family, ports 1–65535 and unique, host names valid), settings only for the
 * protocols it offers, ranges big enough for the nodes' shares, and known nodes. Each problem names
 * the profile and the field.
 */
final class ProfileRules {

    private static final Duration MAX_SESSION_EXPIRY = Duration.ofDays(3660);
    private static final int MAX_PORTAL_CONFIGURATIONS = 1000;

    private ProfileRules() {}

    static List<String> problems(ProfileDefinition p, Set<String> nodeNames) {
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

        int extraBits = NodeShares.extraBits(Math.max(1, p.nodes().size()));
        IpPrefix wg4 = null, wg6 = null, ovpn4 = null, ovpn6 = null;
        if (protocols.contains(Protocol.WIREGUARD)) {
            wg4 = range(p.wireguardIpv4Range(), 4, "wireguard.ipv4_range", where, errors);
            wg6 = range(p.wireguardIpv6Range(), 6, "wireguard.ipv6_range", where, errors);
            checkPool(wg4, wg6, extraBits, "wireguard", where, errors);
            if (!PortList.isPort(p.wireguardPort())) {
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
            if (!HostName.isValid(host)) {
                errors.add(where + "host name \"" + host + "\" is not a DNS name or IP address");
            }
        }
        for (String dns : p.dnsServers()) {
            if (IpAddresses.family(dns) == 0) {
                errors.add(where + "DNS server \"" + dns + "\" is not an IP address");
            }
        }
        for (String domain : p.dnsSearchDomains()) {
            if (!HostName.isDnsName(domain)) {
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
            if (!Permissions.isValidEntry(entry)) {
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

        if (p.maxPortalConfigurations() != null
                && (p.maxPortalConfigurations() < 0 || p.maxPortalConfigurations() > MAX_PORTAL_CONFIGURATIONS)) {
            errors.add(where + "max_portal_configurations must be between 0 and " + MAX_PORTAL_CONFIGURATIONS);
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
        return errors;
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
        PortList.problem(ports).ifPresent(problem -> errors.add(where + field + " " + problem));
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
}
