package org.tunnelgate.agent.http;

import java.util.List;
import java.util.Map;
import org.tunnelgate.agent.apply.Reconciler;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.openvpn.ProcessStatus;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.system.Host;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * {@code GET /v1/metrics}: the agent's numbers in Prometheus text (docs/agent-api.md lists them).
 * Everything comes from memory except whether each interface exists ({@code ip link}, one per
 * interface), so a scrape is cheap; peer counts are those of the desired state.
 */
public final class MetricsReport {

    private static final List<String> PROCESS_STATES = List.of("starting", "running", "restarting", "stopped");

    private final Reconciler reconciler;
    private final WireGuard wireGuard;
    private final OpenVpn openVpn;
    private final Controller controller;
    private final StatusReport status;

    public MetricsReport(Reconciler reconciler, WireGuard wireGuard, OpenVpn openVpn, Controller controller,
            StatusReport status) {
        this.reconciler = reconciler;
        this.wireGuard = wireGuard;
        this.openVpn = openVpn;
        this.controller = controller;
        this.status = status;
    }

    public AgentServer routes(AgentServer server) {
        return server.route("GET", "/v1/metrics", r -> Reply.text(Prometheus.CONTENT_TYPE, text(server.counts())));
    }

    String text(RequestCounts requests) {
        var p = new Prometheus();
        p.metric("tunnelgate_agent_up", "gauge", "1 while the agent answers.").sample("tunnelgate_agent_up", 1);
        p.metric("tunnelgate_agent_info", "gauge", "The agent's version, as a label.")
                .sample("tunnelgate_agent_info", 1, "version", StatusReport.version());
        p.metric("tunnelgate_agent_uptime_seconds", "gauge", "Seconds since the agent started.")
                .sample("tunnelgate_agent_uptime_seconds", status.uptimeSeconds());
        var load = Host.loadAverage();
        if (load.size() == 3) {
            p.metric("tunnelgate_agent_node_load", "gauge", "The node's load average.")
                    .sample("tunnelgate_agent_node_load", load.get(0), "minutes", "1")
                    .sample("tunnelgate_agent_node_load", load.get(1), "minutes", "5")
                    .sample("tunnelgate_agent_node_load", load.get(2), "minutes", "15");
        }
        var state = reconciler.applied();
        p.metric("tunnelgate_agent_generation", "gauge", "Generation of the applied desired state (0: none yet).")
                .sample("tunnelgate_agent_generation", state.generation());
        wireguard(p, state.wireguard(), reconciler.failing());
        openvpn(p, openVpn.processes());
        p.metric("tunnelgate_agent_applies_total", "counter", "Desired states applied (repeated generations not counted).")
                .sample("tunnelgate_agent_applies_total", reconciler.appliesTotal());
        p.metric("tunnelgate_agent_apply_failures_total", "counter",
                        "Data-plane failures in applies, peer changes and repairs.")
                .sample("tunnelgate_agent_apply_failures_total", reconciler.failuresTotal());
        p.metric("tunnelgate_agent_repairs_total", "counter", "WireGuard interfaces the periodic repair brought back.")
                .sample("tunnelgate_agent_repairs_total", reconciler.repairsTotal());
        p.metric("tunnelgate_agent_report_queue_length", "gauge", "Connect/disconnect reports waiting for a controller.")
                .sample("tunnelgate_agent_report_queue_length", controller.pendingReports());
        p.metric("tunnelgate_agent_reports_dropped_total", "counter", "Reports dropped because the queue was full.")
                .sample("tunnelgate_agent_reports_dropped_total", controller.droppedReports());
        p.metric("tunnelgate_agent_api_requests_total", "counter", "API requests answered, by status class.");
        for (int hundreds = 2; hundreds <= 5; hundreds++) {
            p.sample("tunnelgate_agent_api_requests_total", requests.answered(hundreds), "code", hundreds + "xx");
        }
        p.metric("tunnelgate_agent_api_connections_total", "counter",
                        "Connections accepted by the API, each a TLS handshake (few: controllers keep theirs open).")
                .sample("tunnelgate_agent_api_connections_total", requests.connectionsAccepted());
        return p.text();
    }

    private void wireguard(Prometheus p, List<WgInterface> interfaces, Map<String, String> failing) {
        p.metric("tunnelgate_agent_wireguard_peers", "gauge", "Peers of each WireGuard interface in the desired state.");
        interfaces.forEach(wg -> p.sample("tunnelgate_agent_wireguard_peers", wg.peers().size(), "interface", wg.name()));
        p.metric("tunnelgate_agent_wireguard_interface_up", "gauge",
                "1 when the interface exists and its last change worked.");
        interfaces.forEach(wg -> p.sample("tunnelgate_agent_wireguard_interface_up",
                wireGuard.exists(wg.name()) && !failing.containsKey(wg.name()) ? 1 : 0, "interface", wg.name()));
    }

    private static void openvpn(Prometheus p, List<ProcessStatus> processes) {
        p.metric("tunnelgate_agent_openvpn_clients", "gauge", "Connected OpenVPN clients per server process.");
        processes.forEach(s -> p.sample("tunnelgate_agent_openvpn_clients", s.clients(),
                "process", s.key(), "profile", s.profile()));
        p.metric("tunnelgate_agent_openvpn_process_state", "gauge", "1 for the state each OpenVPN process is in.");
        for (ProcessStatus s : processes) {
            for (String state : PROCESS_STATES) {
                p.sample("tunnelgate_agent_openvpn_process_state", state.equals(s.state()) ? 1 : 0,
                        "process", s.key(), "state", state);
            }
        }
        p.metric("tunnelgate_agent_openvpn_process_restarts_total", "counter",
                "Restarts of each OpenVPN process since the agent started.");
        processes.forEach(s -> p.sample("tunnelgate_agent_openvpn_process_restarts_total", s.restarts(),
                "process", s.key()));
    }
}
