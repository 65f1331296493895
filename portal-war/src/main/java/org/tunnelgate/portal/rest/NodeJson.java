package org.tunnelgate.portal.rest;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;
import org.tunnelgate.node.boundary.NodeStatus;
import org.tunnelgate.node.boundary.Registered;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.node.entity.NodeRegistration;

/**
 * The JSON of managed nodes in the admin REST API:
 * <pre>
 * {"name": "node1", "agent_url": "https://node1.example.org:9443", "public_host": "node1.example.org",
 *  "location": "Amsterdam", "capacity": 1000}
 * </pre>
 * and, in answers, the node's enrollment, health and load.
 */
final class NodeJson {

    private static final Set<String> REGISTRATION_KEYS = Set.of("name", "agent_url", "public_host", "location", "capacity");

    private NodeJson() {}

    static NodeRegistration readRegistration(String json) {
        JsonObject o = StrictJson.parse(json);
        StrictJson.keys(o, REGISTRATION_KEYS, "node");
        Integer capacity = StrictJson.integer(o, "capacity");
        return new NodeRegistration(StrictJson.string(o, "name", true), StrictJson.string(o, "agent_url", true),
                StrictJson.string(o, "public_host", true), StrictJson.string(o, "location", false),
                capacity == null ? Node.DEFAULT_CAPACITY : capacity);
    }

    static JsonObject write(NodeStatus status) {
        Node node = status.node();
        JsonObjectBuilder b = node(node);
        NodeHealth health = status.health();
        JsonObjectBuilder h = Json.createObjectBuilder().add("state", health.state());
        if (health.reason() != null) {
            h.add("reason", health.reason());
        }
        if (health.since() != null) {
            h.add("since", health.since().toString());
        }
        if (health.checkedAt() != null) {
            h.add("checked_at", health.checkedAt().toString());
        }
        b.add("health", h).add("peers", status.peers()).add("clients", status.clients())
                .add("load_percent", status.loadPercent());
        if (status.agentVersion() != null) {
            b.add("agent_version", status.agentVersion());
        }
        if (status.reconciledAt() != null) {
            b.add("reconciled_at", status.reconciledAt().toString());
        }
        if (status.lastRepair() != null) {
            b.add("last_repair", Json.createObjectBuilder().add("at", status.lastRepair().at().toString())
                    .add("peers_added", status.lastRepair().peersAdded()).add("peers_removed", status.lastRepair().peersRemoved())
                    .add("detail", status.lastRepair().detail()));
        }
        return b.build();
    }

    /** A registration's answer: the node and its one-time token, with the command to run on the node. */
    static JsonObject write(Registered registered, String controllerBaseUrl) {
        return node(registered.node())
                .add("enrollment_token", registered.token())
                .add("enrollment_expires_at", registered.expiresAt().toString())
                .add("enroll_command", registered.enrollCommand(controllerBaseUrl))
                .build();
    }

    private static JsonObjectBuilder node(Node node) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", node.name()).add("public_host", node.publicHost())
                .add("capacity", node.capacity()).add("managed", node.isManaged()).add("maintenance", node.inMaintenance());
        node.agentUrl().ifPresent(u -> b.add("agent_url", u));
        node.location().ifPresent(l -> b.add("location", l));
        node.enrolledAt().ifPresent(t -> b.add("enrolled_at", t.toString()));
        node.certificateNotAfter().ifPresent(t -> b.add("certificate_not_after", t.toString()));
        node.enrollmentExpiresAt().ifPresent(t -> b.add("enrollment_expires_at", t.toString()));
        node.wireguardPublicKey().ifPresent(k -> b.add("wireguard_public_key", k));
        return b;
    }
}
