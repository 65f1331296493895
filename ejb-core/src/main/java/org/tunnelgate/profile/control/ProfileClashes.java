package org.tunnelgate.profile.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The rules between profiles: WireGuard and OpenVPN ranges of all profiles are pairwise disjoint,
 * and UDP ports (WireGuard and OpenVPN) and TCP ports are unique among profiles sharing a node.
 */
final class ProfileClashes {

    private ProfileClashes() {}

    static List<String> problems(ProfileDefinition p, List<ProfileDefinition> others) {
        List<String> errors = new ArrayList<>();
        String where = "profile \"" + p.profileId() + "\": ";
        List<IpPrefix> mine = parsed(p.wireguardIpv4Range(), p.wireguardIpv6Range(), p.openvpnIpv4Range(),
                p.openvpnIpv6Range());
        checkAgainstOthers(p, mine, others, where, errors);
        return errors;
    }

    private static void checkAgainstOthers(ProfileDefinition p, List<IpPrefix> ranges,
                                           List<ProfileDefinition> others, String where, List<String> errors) {
        for (ProfileDefinition other : others) {
            for (IpPrefix mine : ranges) {
                for (IpPrefix prefix : parsed(other.wireguardIpv4Range(), other.wireguardIpv6Range(),
                        other.openvpnIpv4Range(), other.openvpnIpv6Range())) {
                    if (prefix.overlaps(mine)) {
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

    /** The ranges that parse; malformed ones are reported by {@link ProfileRules}, not twice. */
    private static List<IpPrefix> parsed(String... ranges) {
        List<IpPrefix> list = new ArrayList<>();
        for (String range : ranges) {
            if (range != null) {
                try {
                    list.add(IpPrefix.parse(range));
                } catch (IllegalArgumentException e) {
                    // ProfileRules reports it
                }
            }
        }
        return list;
    }
}
