package org.tunnelgate.node.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tunnelgate.openvpn.entity.ServerSide;
import org.tunnelgate.profile.entity.IpPrefix;

/**
 * What a node should carry, as the agent's {@code PUT /v1/state} body: one WireGuard interface per
 * profile it serves (named by {@link WireGuardInterfaces}, listening on the profile's port, holding
 * host 1 of the node's share of each range) with every peer the database places on it, and one
 * OpenVPN entry per profile whose OpenVPN it serves: the profile's CA, the node's server certificate
 * and key, the tls-crypt key, what is pushed to clients, and one listener (process) per UDP and TCP
 * port of the profile, each with its own part of the node's share of the profile's OpenVPN ranges —
 * so no client address is ever handed out by two processes or two nodes.
 */
public record DesiredState(List<NodeStore.ServedProfile> profiles, List<NodeStore.Peer> peers, List<OpenVpnServer> openVpn) {

    /**
     * Looked up once: {@code Json.create…} looks the provider up on every call — in Payara a
     * service-loader scan through the OSGi module system — and a state of 10,000 peers made
     * three builders per peer.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A profile's OpenVPN on this node. {@code secrets}: CA, server certificate and key, tls-crypt key (PEM). */
    public record OpenVpnServer(String profileId, ServerSide secrets, List<String> routes,
                                List<String> dns, boolean defaultGateway, List<Listener> listeners) {
        @Override
        public String toString() {
            return "OpenVpnServer[" + profileId + ", " + listeners + "]";
        }
    }

    /** One OpenVPN process: protocol, port, IPv4 pool (/29 or larger) and optional IPv6 pool (/64–/124). */
    public record Listener(String proto, int port, String pool4, String pool6) {
        /** The agent's name for the process: {@code <profile>-<proto>-<port>}. */
        String key(String profileId) {
            return profileId + "-" + proto + "-" + port;
        }
    }

    public DesiredState(List<NodeStore.ServedProfile> profiles, List<NodeStore.Peer> peers) {
        this(profiles, peers, List.of());
    }

    /**
     * The listeners of a profile on a node: UDP ports first, then TCP, each with the next of the
     * equal power-of-two parts of the node's shares. An IPv4 part smaller than /29 cannot be an
     * OpenVPN pool: then the node serves no OpenVPN for the profile (empty list). An IPv6 part
     * larger than /64 is cut to its first /64; one smaller than /124 is left out.
     */
    public static List<Listener> listeners(List<Integer> udpPorts, List<Integer> tcpPorts, IpPrefix share4, IpPrefix share6) {
        int count = udpPorts.size() + tcpPorts.size();
        if (count == 0 || share4 == null) {
            return List.of();
        }
        int bits = 32 - Integer.numberOfLeadingZeros(count - 1); // ceil(log2(count))
        if (share4.length() + bits > 29) {
            return List.of();
        }
        List<Listener> listeners = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String proto = i < udpPorts.size() ? "udp" : "tcp";
            int port = i < udpPorts.size() ? udpPorts.get(i) : tcpPorts.get(i - udpPorts.size());
            String pool6 = null;
            if (share6 != null && share6.length() + bits <= 124) {
                IpPrefix part = share6.subPrefix(bits, i);
                pool6 = (part.length() < 64 ? part.subPrefix(64 - part.length(), 0) : part).toString();
            }
            listeners.add(new Listener(proto, port, share4.subPrefix(bits, i).toString(), pool6));
        }
        return List.copyOf(listeners);
    }

    /** Whether an OpenVPN server certificate in this state was renewed while it was built (see {@link ServerSide#renewed}). */
    public boolean renewedServerCertificate() {
        return openVpn.stream().anyMatch(s -> s.secrets().renewed());
    }

    /** The OpenVPN processes this state asks for, as the agent names them. */
    public Set<String> openVpnProcesses() {
        Set<String> keys = new TreeSet<>();
        openVpn.forEach(s -> s.listeners().forEach(l -> keys.add(l.key(s.profileId()))));
        return keys;
    }

    public JsonObject toJson(long generation) {
        Map<String, List<NodeStore.Peer>> byProfile = peers.stream()
                .collect(Collectors.groupingBy(NodeStore.Peer::profileId));
        JsonArrayBuilder interfaces = JSON.createArrayBuilder();
        for (NodeStore.ServedProfile profile : profiles) {
            JsonArrayBuilder peerArray = JSON.createArrayBuilder();
            for (NodeStore.Peer peer : byProfile.getOrDefault(profile.profileId(), List.of())) {
                peerArray.add(JSON.createObjectBuilder().add("public_key", peer.publicKey())
                        .add("allowed_ips", allowedIps(peer)));
            }
            interfaces.add(JSON.createObjectBuilder()
                    .add("name", WireGuardInterfaces.nameFor(profile.profileId()))
                    .add("listen_port", profile.port())
                    .add("addresses", JSON.createArrayBuilder()
                            .add(nodeAddress(profile.ipv4Share())).add(nodeAddress(profile.ipv6Share())))
                    .add("peers", peerArray));
        }
        JsonArrayBuilder servers = JSON.createArrayBuilder();
        for (OpenVpnServer server : openVpn) {
            JsonArrayBuilder listeners = JSON.createArrayBuilder();
            for (Listener l : server.listeners()) {
                var listener = JSON.createObjectBuilder().add("proto", l.proto()).add("port", l.port()).add("pool4", l.pool4());
                if (l.pool6() != null) {
                    listener.add("pool6", l.pool6());
                }
                listeners.add(listener);
            }
            servers.add(JSON.createObjectBuilder()
                    .add("name", server.profileId())
                    .add("ca", server.secrets().caPem())
                    .add("cert", server.secrets().certificatePem())
                    .add("key", server.secrets().privateKeyPem())
                    .add("tls_crypt", server.secrets().tlsCrypt())
                    .add("routes", strings(server.routes()))
                    .add("dns", strings(server.dns()))
                    .add("default_gateway", server.defaultGateway())
                    .add("listeners", listeners));
        }
        return JSON.createObjectBuilder().add("generation", generation).add("wireguard", interfaces)
                .add("openvpn", servers).build();
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    /** Peers per interface name, for comparing with what the agent reports. */
    public Map<String, Long> peerCountByInterface() {
        Map<String, Long> counts = peers.stream().collect(Collectors.groupingBy(
                p -> WireGuardInterfaces.nameFor(p.profileId()), Collectors.counting()));
        profiles.forEach(p -> counts.putIfAbsent(WireGuardInterfaces.nameFor(p.profileId()), 0L));
        return counts;
    }

    public static JsonArrayBuilder allowedIps(NodeStore.Peer peer) {
        JsonArrayBuilder ips = JSON.createArrayBuilder().add(peer.ipv4() + "/32");
        if (peer.ipv6() != null) {
            ips.add(peer.ipv6() + "/128");
        }
        return ips;
    }

    /** Host 1 of a share, with the share's prefix length: the node's own address on the interface. */
    static String nodeAddress(String share) {
        IpPrefix prefix = IpPrefix.parse(share);
        return prefix.addressAt(1) + "/" + prefix.length();
    }
}
