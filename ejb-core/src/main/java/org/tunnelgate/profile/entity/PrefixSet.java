package org.tunnelgate.profile.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Set arithmetic on IP prefixes, for WireGuard's AllowedIPs: "these routes, minus those excluded
 * routes" has to become a plain list of prefixes, because WireGuard has no notion of an exclusion.
 * Subtracting E from P splits P in halves until the halves either lie outside E (kept) or inside
 * it (dropped), which yields the smallest exact cover: at most (len(E) − len(P)) prefixes per cut.
 */
public final class PrefixSet {

    private PrefixSet() {}

    /**
     * {@code include − exclude}, with prefixes already covered by a larger included one removed,
     * sorted IPv4 before IPv6 and by address.
     */
    public static List<IpPrefix> subtract(Collection<IpPrefix> include, Collection<IpPrefix> exclude) {
        List<IpPrefix> current = new ArrayList<>(withoutCovered(include));
        for (IpPrefix cut : exclude) {
            List<IpPrefix> next = new ArrayList<>();
            for (IpPrefix prefix : current) {
                removeFrom(prefix, cut, next);
            }
            current = next;
        }
        return withoutCovered(current);
    }

    private static void removeFrom(IpPrefix prefix, IpPrefix cut, List<IpPrefix> out) {
        if (!prefix.overlaps(cut)) {
            out.add(prefix);
            return;
        }
        if (cut.contains(prefix)) {
            return;
        }
        // prefix strictly contains cut: keep the half without it, recurse into the half with it
        for (IpPrefix half : prefix.halves()) {
            removeFrom(half, cut, out);
        }
    }

    private static List<IpPrefix> withoutCovered(Collection<IpPrefix> prefixes) {
        TreeSet<IpPrefix> sorted = new TreeSet<>(prefixes);
        List<IpPrefix> result = new ArrayList<>();
        for (IpPrefix prefix : sorted) {
            // sorted by (family, network, length): a covering prefix always comes before what it covers
            if (result.isEmpty() || !result.get(result.size() - 1).contains(prefix)) {
                result.add(prefix);
            }
        }
        return result;
    }
}
