package org.tunnelgate.peer.control;

import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.profile.entity.IpAddresses;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.PrefixSet;
import org.tunnelgate.profile.entity.Profile;

/**
 * Writes a WireGuard client configuration exactly in the contract's shape (api-v3.md §4):
 *
 * <pre>
 * [Interface]
 * PrivateKey = …                      (portal downloads only; apps insert their own)
 * Address = 10.43.43.2/24, fd43::2/64
 * DNS = 9.9.9.9, 2620:fe::fe
 *
 * [Peer]
 * PublicKey = &lt;node's public key&gt;
 * AllowedIPs = 0.0.0.0/0, ::/0
 * Endpoint = vpn.example.org:51820
 * </pre>
 *
 * Lists are joined with ", ", every line ends in "\n", nothing else is added (no comments: current
 * eduVPN servers send none either). {@code Address} carries the prefix length of the node's share.
 * {@code DNS} lists the DNS servers — only for a full tunnel or when search domains are set, as the
 * eduVPN server does, since in a split tunnel they may not be reachable — followed by the search
 * domains, and is left out when that is empty. {@code AllowedIPs} is the full tunnel or the routes
 * plus the client's own VPN prefixes, minus the excluded routes.
 */
public final class WireGuardConfigFile {

    private WireGuardConfigFile() {}

    public static String render(Profile profile, AddressPool pool, long host, String nodePublicKey,
                                String endpointHost, String privateKeyOrNull) {
        StringBuilder out = new StringBuilder("[Interface]\n");
        if (privateKeyOrNull != null) {
            out.append("PrivateKey = ").append(privateKeyOrNull).append('\n');
        }
        out.append("Address = ").append(pool.ipv4(host)).append('/').append(pool.ipv4Range().length())
                .append(", ").append(pool.ipv6(host)).append('/').append(pool.ipv6Range().length()).append('\n');
        List<String> dns = dns(profile);
        if (!dns.isEmpty()) {
            out.append("DNS = ").append(String.join(", ", dns)).append('\n');
        }
        out.append("\n[Peer]\n")
                .append("PublicKey = ").append(nodePublicKey).append('\n')
                .append("AllowedIPs = ").append(String.join(", ", allowedIps(profile, pool).stream().map(IpPrefix::toString).toList())).append('\n')
                .append("Endpoint = ").append(endpoint(endpointHost, profile.wireguardPort())).append('\n');
        return out.toString();
    }

    static List<String> dns(Profile profile) {
        List<String> dns = new ArrayList<>();
        if (profile.defaultGateway() || !profile.dnsSearchDomains().isEmpty()) {
            dns.addAll(profile.dnsServers());
        }
        dns.addAll(profile.dnsSearchDomains());
        return dns;
    }

    /** What the client routes into the tunnel; never empty (the own VPN prefixes always stay). */
    public static List<IpPrefix> allowedIps(Profile profile, AddressPool pool) {
        List<IpPrefix> include = new ArrayList<>();
        if (profile.defaultGateway()) {
            include.add(IpPrefix.everything(4));
            include.add(IpPrefix.everything(6));
        } else {
            include.addAll(profile.routes());
            include.add(pool.ipv4Range());
            include.add(pool.ipv6Range());
        }
        List<IpPrefix> exclude = profile.excludedRoutes().stream()
                .filter(e -> !e.overlaps(pool.ipv4Range()) && !e.overlaps(pool.ipv6Range())).toList();
        return PrefixSet.subtract(include, exclude);
    }

    static String endpoint(String host, int port) {
        return (IpAddresses.family(host) == 6 ? "[" + host + "]" : host) + ":" + port;
    }
}
