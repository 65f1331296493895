package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.tunnelgate.node.boundary.NodeStatuses;
import org.tunnelgate.node.entity.NodeMetrics;
import org.tunnelgate.stats.boundary.Statistics;
import org.tunnelgate.stats.entity.LiveSessions;

/**
 * {@code GET /api/admin/metrics/nodes} (role admin): the nodes' numbers in the Prometheus text format
 * (version 0.0.4). Payara's own {@code /metrics} stays switched off — it would answer anybody — so
 * a scraper logs in as an admin (HTTP Basic) here. Health, peers and OpenVPN clients are
 * cluster-wide (from the database: the clients are the OpenVPN sessions the nodes reported open in
 * the connection log); agent calls are this controller instance's.
 */
@Path("admin/metrics/nodes")
public class NodeMetricsResource {

    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final List<String> STATES = List.of("up", "down", "maintenance", "unknown");

    @Inject
    NodeStatuses nodes;

    @Inject
    Statistics statistics;

    @Context
    SecurityContext security;

    @GET
    @Produces("text/plain")
    @Operation(summary = "The nodes' numbers in the Prometheus text format")
    @APIResponse(responseCode = "200", description = "metrics text")
    public Response scrape() {
        requireAdmin(security);
        return Response.ok(render(nodes.metrics(), statistics.live())).type(TEXT_FORMAT).header("Cache-Control", "no-store").build();
    }

    static String render(List<NodeMetrics> metrics, List<LiveSessions> live) {
        StringBuilder out = new StringBuilder();
        family(out, "tunnelgate_node_up", "gauge", "1 while the node's last probe found it up.");
        metrics.forEach(m -> sample(out, "tunnelgate_node_up", "node=\"" + m.node() + "\"", m.state().equals("up") ? 1 : 0));
        family(out, "tunnelgate_node_state", "gauge", "1 for the health state the node is in, 0 for the others.");
        metrics.forEach(m -> STATES.forEach(state -> sample(out, "tunnelgate_node_state",
                "node=\"" + m.node() + "\",state=\"" + state + "\"", m.state().equals(state) ? 1 : 0)));
        family(out, "tunnelgate_node_wireguard_peers", "gauge", "WireGuard peers the database places on the node, per profile.");
        metrics.forEach(m -> m.peersByProfile().forEach((profile, count) -> sample(out, "tunnelgate_node_wireguard_peers",
                "node=\"" + m.node() + "\",profile=\"" + profile + "\"", count)));
        family(out, "tunnelgate_node_openvpn_clients", "gauge", "OpenVPN clients connected to the node, per profile.");
        var known = metrics.stream().map(NodeMetrics::node).collect(java.util.stream.Collectors.toSet());
        live.stream().filter(l -> l.protocol().equals("openvpn") && known.contains(l.nodeName())).forEach(l -> sample(out, "tunnelgate_node_openvpn_clients",
                "node=\"" + l.nodeName() + "\",profile=\"" + l.profileId() + "\"", l.sessions()));
        family(out, "tunnelgate_node_repairs_total", "counter", "Repairs reconciliation made on the node.");
        metrics.forEach(m -> sample(out, "tunnelgate_node_repairs_total", "node=\"" + m.node() + "\"", m.repairs()));
        family(out, "tunnelgate_node_agent_calls_total", "counter", "Calls this controller instance made to the node's agent.");
        metrics.forEach(m -> sample(out, "tunnelgate_node_agent_calls_total", "node=\"" + m.node() + "\"", m.agentCalls()));
        family(out, "tunnelgate_node_agent_call_failures_total", "counter", "Of those, the ones that failed.");
        metrics.forEach(m -> sample(out, "tunnelgate_node_agent_call_failures_total", "node=\"" + m.node() + "\"",
                m.agentCallFailures()));
        family(out, "tunnelgate_node_agent_call_seconds_total", "counter", "Time those calls took.");
        metrics.forEach(m -> out.append("tunnelgate_node_agent_call_seconds_total{node=\"").append(m.node()).append("\"} ")
                .append(m.agentCallMillis() / 1000.0).append('\n'));
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }
}
