package org.tunnelgate.portal.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * eduVPN's "config check", sharper: what makes configurations useless or the service fragile,
 * found in the profiles, nodes and CA as they are stored — each as a sentence that says what to do.
 * Pure logic over what the boundaries return, so it is unit-tested without a server.
 */
final class ConfigurationCheck {

    /** The CA must be renewed before clients' certificates run into its end. */
    static final Duration CA_WARNING = Duration.ofDays(90);

    /**
     * The WireGuard public key in {@code config/profiles.example.json}: its private half is on no
     * node, so every WireGuard configuration that names it is unusable.
     */
    static final String EXAMPLE_WIREGUARD_KEY = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";

    private ConfigurationCheck() {}

    static List<String> problems(List<Profile> profiles, List<Node> nodes, String caPem, Instant now) {
        return problems(profiles, nodes, nodes.stream().map(Node::name).collect(Collectors.toSet()), caPem, now);
    }

    /**
     * @param serving the nodes that can take configurations now: managed nodes whose last probe
     *                found them up and that are not in maintenance, and registry rows without an agent
     */
    static List<String> problems(List<Profile> profiles, List<Node> nodes, java.util.Set<String> serving, String caPem,
                                 Instant now) {
        List<String> problems = new ArrayList<>();
        Map<String, Node> byName = nodes.stream().collect(Collectors.toMap(Node::name, Function.identity()));
        for (Node node : nodes) {
            if (isExampleHost(node.publicHost())) {
                problems.add("Node " + node.name() + " has the example public host " + node.publicHost()
                        + ": clients cannot reach it. Set the node's real host name.");
            }
            if (node.wireguardPublicKey().filter(EXAMPLE_WIREGUARD_KEY::equals).isPresent()) {
                problems.add("Node " + node.name() + " still has the example WireGuard key of profiles.example.json, "
                        + "whose private half no node holds: its WireGuard configurations cannot work. "
                        + "Register the node's own public key.");
            }
        }
        for (Profile profile : profiles) {
            String which = "Profile " + profile.profileId();
            if (profile.nodes().isEmpty()) {
                problems.add(which + " is served by no node: nobody can connect to it.");
            } else if (profile.nodes().stream().noneMatch(share -> serving.contains(share.nodeName()))) {
                problems.add(which + " has no healthy node (all of " + String.join(", ",
                        profile.nodes().stream().map(ProfileNode::nodeName).toList())
                        + " are down or in maintenance): nobody can connect to it now.");
            }
            for (String host : profile.hostNames()) {
                if (isExampleHost(host)) {
                    problems.add(which + " sends clients to the example host " + host + ". Set its real host name.");
                }
            }
            if (profile.protocols().contains(Protocol.WIREGUARD)) {
                for (ProfileNode share : profile.nodes()) {
                    Node node = byName.get(share.nodeName());
                    // a managed node reports its interfaces' keys itself; only a bare row needs one registered
                    if (node != null && node.agentUrl().isEmpty() && node.wireguardPublicKey().isEmpty()) {
                        problems.add(which + " offers WireGuard on node " + node.name()
                                + ", which has no WireGuard public key: its configurations cannot work.");
                    }
                }
            }
        }
        for (int i = 0; i < profiles.size(); i++) {
            for (int j = i + 1; j < profiles.size(); j++) {
                overlap(profiles.get(i), profiles.get(j), problems);
            }
        }
        caProblem(caPem, now).ifPresent(problems::add);
        return problems;
    }

    /** The reserved example domains (RFC 2606) — what a seed file ships with, never a real server. */
    static boolean isExampleHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String example : List.of("example.org", "example.com", "example.net")) {
            if (h.equals(example) || h.endsWith("." + example)) {
                return true;
            }
        }
        return h.endsWith(".example") || h.endsWith(".invalid");
    }

    private static void overlap(Profile a, Profile b, List<String> problems) {
        for (IpPrefix mine : ranges(a)) {
            for (IpPrefix theirs : ranges(b)) {
                if (mine.overlaps(theirs)) {
                    problems.add("Profiles " + a.profileId() + " and " + b.profileId() + " have overlapping ranges "
                            + mine + " and " + theirs + ": clients of both could get the same address.");
                }
            }
        }
    }

    private static List<IpPrefix> ranges(Profile p) {
        List<IpPrefix> ranges = new ArrayList<>();
        for (IpPrefix range : new IpPrefix[] {p.wireguardIpv4Range(), p.wireguardIpv6Range(), p.openvpnIpv4Range(),
                p.openvpnIpv6Range()}) {
            if (range != null) {
                ranges.add(range);
            }
        }
        return ranges;
    }

    private static java.util.Optional<String> caProblem(String caPem, Instant now) {
        if (caPem == null || caPem.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            var ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            Instant end = ca.getNotAfter().toInstant();
            if (end.isBefore(now)) {
                return java.util.Optional.of("The OpenVPN CA expired on " + end + ": no OpenVPN configuration works.");
            }
            if (end.isBefore(now.plus(CA_WARNING))) {
                return java.util.Optional.of("The OpenVPN CA expires in " + Duration.between(now, end).toDays()
                        + " days: renew it before clients' certificates stop working.");
            }
            return java.util.Optional.empty();
        } catch (CertificateException e) {
            return java.util.Optional.of("The OpenVPN CA certificate cannot be read: " + e.getMessage());
        }
    }
}
