package org.tunnelgate.node.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tunnelgate.profile.entity.IpPrefix;

/**
 * What a node should carry, as the agent's {@code PUT /v1/state} body: one WireGuard interface per
 * profile it serves (named by {@link WireGuardInterfaces}, listening on the profile's port, holding
 * host 1 of the node's share of each range) with every peer the database places on it. OpenVPN
 * processes are not part of it yet.
 */
public record DesiredState(List<NodeStore.ServedProfile> profiles, List<NodeStore.Peer> peers) {

    public JsonObject toJson(long generation) {
        Map<String, List<NodeStore.Peer>> byProfile = peers.stream()
                .collect(Collectors.groupingBy(NodeStore.Peer::profileId));
        JsonArrayBuilder interfaces = Json.createArrayBuilder();
        for (NodeStore.ServedProfile profile : profiles) {
            JsonArrayBuilder peerArray = Json.createArrayBuilder();
            for (NodeStore.Peer peer : byProfile.getOrDefault(profile.profileId(), List.of())) {
                peerArray.add(Json.createObjectBuilder().add("public_key", peer.publicKey())
                        .add("allowed_ips", allowedIps(peer)));
            }
            interfaces.add(Json.createObjectBuilder()
                    .add("name", WireGuardInterfaces.nameFor(profile.profileId()))
                    .add("listen_port", profile.port())
                    .add("addresses", Json.createArrayBuilder()
                            .add(nodeAddress(profile.ipv4Share())).add(nodeAddress(profile.ipv6Share())))
                    .add("peers", peerArray));
        }
        return Json.createObjectBuilder().add("generation", generation).add("wireguard", interfaces)
                .add("openvpn", Json.createArrayBuilder()).build();
    }

    /** Peers per interface name, for comparing with what the agent reports. */
    public Map<String, Long> peerCountByInterface() {
        Map<String, Long> counts = peers.stream().collect(Collectors.groupingBy(
                p -> WireGuardInterfaces.nameFor(p.profileId()), Collectors.counting()));
        profiles.forEach(p -> counts.putIfAbsent(WireGuardInterfaces.nameFor(p.profileId()), 0L));
        return counts;
    }

    public static JsonArrayBuilder allowedIps(NodeStore.Peer peer) {
        JsonArrayBuilder ips = Json.createArrayBuilder().add(peer.ipv4() + "/32");
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
