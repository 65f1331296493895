package org.tunnelgate.profile.control;

import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * Each serving node's share of a profile's ranges: the ranges split into the smallest power of two of
 * equal parts that gives every node one, in the order the operator listed the nodes.
 */
public final class NodeShares {

    private NodeShares() {}

    /** The shares of a valid definition. */
    public static List<ProfileNode> of(ProfileDefinition profile) {
        int extraBits = extraBits(profile.nodes().size());
        List<ProfileNode> shares = new ArrayList<>();
        for (int i = 0; i < profile.nodes().size(); i++) {
            shares.add(new ProfileNode(profile.nodes().get(i),
                    part(profile.wireguardIpv4Range(), extraBits, i), part(profile.wireguardIpv6Range(), extraBits, i),
                    part(profile.openvpnIpv4Range(), extraBits, i), part(profile.openvpnIpv6Range(), extraBits, i)));
        }
        return shares;
    }

    static int extraBits(int nodeCount) {
        int bits = 0;
        while ((1 << bits) < nodeCount) {
            bits++;
        }
        return bits;
    }

    private static IpPrefix part(String range, int extraBits, int index) {
        return range == null ? null : IpPrefix.parse(range).subPrefix(extraBits, index);
    }
}
