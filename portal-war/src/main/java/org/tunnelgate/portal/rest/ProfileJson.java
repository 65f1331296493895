package org.tunnelgate.portal.rest;

import static org.tunnelgate.portal.rest.StrictJson.bool;
import static org.tunnelgate.portal.rest.StrictJson.integer;
import static org.tunnelgate.portal.rest.StrictJson.integers;
import static org.tunnelgate.portal.rest.StrictJson.keys;
import static org.tunnelgate.portal.rest.StrictJson.object;
import static org.tunnelgate.portal.rest.StrictJson.string;
import static org.tunnelgate.portal.rest.StrictJson.strings;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The one JSON form of profiles and nodes, shared by the seed file
 * ({@code config/profiles.example.json}) and the admin REST API. Reading is strict about shape —
 * unknown keys and wrong types are errors, because a misspelt {@code "default_gateway"} silently
 * ignored would route a company's traffic the wrong way — and leaves the meaning to the profile and
 * node boundaries.
 *
 * <pre>{@code
 * {"nodes":    [{"name": "local", "public_host": "vpn.example.org", "wireguard_public_key": "…="}],
 *  "profiles": [{"profile_id": "employees", "display_name": "Employees",
 *                "protocols": ["wireguard", "openvpn"],
 *                "wireguard": {"ipv4_range": "10.43.0.0/24", "ipv6_range": "fd43::/64", "port": 51820},
 *                "openvpn":   {"ipv4_range": "10.42.0.0/24", "ipv6_range": "fd42::/64",
 *                              "udp_ports": [1194], "tcp_ports": [1194]},
 *                "host_names": [], "dns_servers": ["9.9.9.9"], "dns_search_domains": [],
 *                "routes": [], "excluded_routes": [], "default_gateway": true,
 *                "permissions": [], "session_expiry": "P90D", "nodes": ["local"]}]}
 * }</pre>
 */
public final class ProfileJson {

    /** Nodes and profiles read from one seed document. */
    public record Seed(List<NodeDefinition> nodes, List<ProfileDefinition> profiles) {}

    private static final Set<String> SEED_KEYS = Set.of("nodes", "profiles");
    private static final Set<String> NODE_KEYS = Set.of("name", "public_host", "wireguard_public_key");
    private static final Set<String> PROFILE_KEYS = Set.of("profile_id", "display_name", "position", "protocols",
            "wireguard", "openvpn", "host_names", "dns_servers", "dns_search_domains", "routes", "excluded_routes",
            "default_gateway", "permissions", "session_expiry", "nodes", "max_portal_configurations");
    private static final Set<String> WIREGUARD_KEYS = Set.of("ipv4_range", "ipv6_range", "port");
    private static final Set<String> OPENVPN_KEYS = Set.of("ipv4_range", "ipv6_range", "udp_ports", "tcp_ports");

    private ProfileJson() {}

    public static Seed readSeed(String json) {
        JsonObject root = StrictJson.parse(json);
        keys(root, SEED_KEYS, "seed file");
        List<NodeDefinition> nodes = new ArrayList<>();
        for (JsonValue value : StrictJson.array(root, "nodes", "seed file")) {
            nodes.add(readNode(object(value, "node")));
        }
        List<ProfileDefinition> profiles = new ArrayList<>();
        JsonArray profileArray = StrictJson.array(root, "profiles", "seed file");
        for (int i = 0; i < profileArray.size(); i++) {
            ProfileDefinition profile = readProfile(object(profileArray.get(i), "profile"));
            profiles.add(profile.position() == null ? profile.withPosition(i) : profile);
        }
        return new Seed(nodes, profiles);
    }

    public static ProfileDefinition readProfile(String json) {
        return readProfile(StrictJson.parse(json));
    }

    public static NodeDefinition readNode(String json) {
        return readNode(StrictJson.parse(json));
    }

    public static JsonObject write(NodeDefinition node) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", node.name()).add("public_host", node.publicHost());
        if (node.wireguardPublicKey() != null) {
            b.add("wireguard_public_key", node.wireguardPublicKey());
        }
        return b.build();
    }

    private static NodeDefinition readNode(JsonObject o) {
        keys(o, NODE_KEYS, "node");
        return new NodeDefinition(string(o, "name", true), string(o, "public_host", true),
                string(o, "wireguard_public_key", false));
    }

    private static ProfileDefinition readProfile(JsonObject o) {
        String where = "profile " + (o.get("profile_id") instanceof JsonString s ? "\"" + s.getString() + "\"" : "");
        keys(o, PROFILE_KEYS, where);
        JsonObject wg = o.containsKey("wireguard") ? object(o.get("wireguard"), where + " wireguard") : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject ovpn = o.containsKey("openvpn") ? object(o.get("openvpn"), where + " openvpn") : JsonValue.EMPTY_JSON_OBJECT;
        keys(wg, WIREGUARD_KEYS, where + " wireguard");
        keys(ovpn, OPENVPN_KEYS, where + " openvpn");
        return new ProfileDefinition(
                string(o, "profile_id", true), string(o, "display_name", true), integer(o, "position"),
                strings(o, "protocols"),
                string(wg, "ipv4_range", false), string(wg, "ipv6_range", false), integer(wg, "port"),
                string(ovpn, "ipv4_range", false), string(ovpn, "ipv6_range", false),
                integers(ovpn, "udp_ports"), integers(ovpn, "tcp_ports"),
                strings(o, "host_names"), strings(o, "dns_servers"), strings(o, "dns_search_domains"),
                strings(o, "routes"), strings(o, "excluded_routes"),
                bool(o, "default_gateway", true), strings(o, "permissions"), string(o, "session_expiry", false),
                strings(o, "nodes"), integer(o, "max_portal_configurations"));
    }

    public static JsonObject write(ProfileDefinition p) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("profile_id", p.profileId())
                .add("display_name", p.displayName())
                .add("position", p.position() == null ? 0 : p.position())
                .add("protocols", array(p.protocols()));
        if (p.wireguardIpv4Range() != null) {
            b.add("wireguard", Json.createObjectBuilder().add("ipv4_range", p.wireguardIpv4Range())
                    .add("ipv6_range", p.wireguardIpv6Range()).add("port", p.wireguardPort()));
        }
        if (p.openvpnIpv4Range() != null) {
            JsonArrayBuilder udp = Json.createArrayBuilder();
            p.openvpnUdpPorts().forEach(udp::add);
            JsonArrayBuilder tcp = Json.createArrayBuilder();
            p.openvpnTcpPorts().forEach(tcp::add);
            b.add("openvpn", Json.createObjectBuilder().add("ipv4_range", p.openvpnIpv4Range())
                    .add("ipv6_range", p.openvpnIpv6Range()).add("udp_ports", udp).add("tcp_ports", tcp));
        }
        b.add("host_names", array(p.hostNames()))
                .add("dns_servers", array(p.dnsServers()))
                .add("dns_search_domains", array(p.dnsSearchDomains()))
                .add("routes", array(p.routes()))
                .add("excluded_routes", array(p.excludedRoutes()))
                .add("default_gateway", p.defaultGateway())
                .add("permissions", array(p.permissions()));
        if (p.sessionExpiry() != null) {
            b.add("session_expiry", p.sessionExpiry());
        }
        if (p.maxPortalConfigurations() != null) {
            b.add("max_portal_configurations", p.maxPortalConfigurations());
        }
        return b.add("nodes", array(p.nodes())).build();
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        values.forEach(b::add);
        return b;
    }
}
