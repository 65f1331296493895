package org.tunnelgate.agent.http;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tunnelgate.agent.apply.Reconciler;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.openvpn.ProcessStatus;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.system.Host;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * {@code GET /v1/status}: what the controller needs for health and placement — version, load,
 * generation, every WireGuard interface with its public key and peer count, every OpenVPN process
 * with its state and client count, and what is failing. Every field is documented in docs/agent-api.md.
 */
public final class StatusReport {

    private final Reconciler reconciler;
    private final WireGuard wireGuard;
    private final OpenVpn openVpn;
    private final Controller controller;
    private final Instant started = Instant.now();

    public StatusReport(Reconciler reconciler, WireGuard wireGuard, OpenVpn openVpn, Controller controller) {
        this.reconciler = reconciler;
        this.wireGuard = wireGuard;
        this.openVpn = openVpn;
        this.controller = controller;
    }

    public AgentServer routes(AgentServer server) {
        return server.route("GET", "/v1/status", r -> Reply.ok(status()));
    }

    /** The agent's version from the jar manifest; {@code dev} when run from classes. */
    public static String version() {
        return Optional.ofNullable(StatusReport.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    long uptimeSeconds() {
        return Instant.now().getEpochSecond() - started.getEpochSecond();
    }

    Map<String, Object> status() {
        DesiredState state = reconciler.applied();
        Map<String, String> failing = reconciler.failing();
        var interfaces = state.wireguard().stream().map(wg -> Json.object(
                        "name", wg.name(),
                        "present", wireGuard.exists(wg.name()),
                        "implementation", wireGuard.implementation(wg.name()),
                        "public_key", wireGuard.publicKey(wg.name()),
                        "listen_port", wg.listenPort(),
                        "peer_count", wg.peers().size(),
                        "error", failing.get(wg.name())))
                .toList();
        var processes = openVpn.processes();
        return Json.object(
                "version", version(),
                "uptime_seconds", uptimeSeconds(),
                "node_uptime_seconds", Host.uptimeSeconds(),
                "load_average", Host.loadAverage(),
                "cpu_count", Host.cpuCount(),
                "generation", state.generation(),
                "applied_at", reconciler.appliedAt().map(Instant::toString).orElse(null),
                "peer_count", state.wireguard().stream().mapToInt(w -> w.peers().size()).sum(),
                "client_count", processes.stream().mapToInt(ProcessStatus::clients).sum(),
                "reports_pending", controller.pendingReports(),
                "wireguard", interfaces,
                "openvpn", processes.stream().map(ProcessStatus::toJson).toList());
    }
}
