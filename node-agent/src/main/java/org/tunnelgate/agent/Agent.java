package org.tunnelgate.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.http.AgentServer;
import org.tunnelgate.agent.http.Fields;
import org.tunnelgate.agent.http.Json;
import org.tunnelgate.agent.http.Reply;
import org.tunnelgate.agent.http.Request;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.Reconciler;
import org.tunnelgate.agent.state.StateStore;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Host;
import org.tunnelgate.agent.wireguard.PeerStatus;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * One running agent: restores the stored desired state, serves the API, repairs the data plane
 * periodically. Closing it stops the API but leaves interfaces and OpenVPN processes running,
 * so restarting or upgrading the agent never drops a tunnel; the next start adopts them.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    private final AgentConfig config;
    private final Controller controller;
    private final WireGuard wireGuard;
    private final OpenVpn openVpn;
    private final Reconciler reconciler;
    private final AgentServer server;
    private final ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "agent-repair");
        t.setDaemon(true);
        return t;
    });
    private final Instant started = Instant.now();

    public Agent(AgentConfig config, SSLContext tls, Controller controller) {
        this.config = config;
        this.controller = controller;
        createStateDir();
        var commands = new Commands(config.commands().ip(), config.netns());
        this.wireGuard = new WireGuard(commands, config.commands(), config.wireguardMode(), config.stateDir());
        this.openVpn = new OpenVpn(commands, config.commands().openvpn(), config.stateDir(), controller,
                config.allowClientsWhenControllerUnreachable());
        this.reconciler = new Reconciler(new StateStore(config.stateDir()), wireGuard, openVpn);
        this.server = new AgentServer(config.listen(), tls, config.maxBodyBytes(), config.allowedClients())
                .route("GET", "/v1/status", r -> Reply.ok(status()))
                .route("PUT", "/v1/state", r -> Reply.ok(reconciler.apply(r.text()).toJson()))
                .route("GET", "/v1/wireguard/peers", this::peers)
                .route("POST", "/v1/wireguard/peers", this::addPeer)
                .route("POST", "/v1/wireguard/peers/remove", this::removePeer)
                .route("GET", "/v1/openvpn/clients", r -> Reply.ok(Json.object("clients", openVpn.clients())))
                .route("POST", "/v1/openvpn/clients/disconnect", this::disconnect);
    }

    public Agent start() {
        var restored = reconciler.restore();
        if (restored.applied()) {
            LOG.info(() -> "stored state re-applied; generation=" + restored.generation() + " changes="
                    + restored.changes().size() + " failures=" + restored.failures());
        }
        server.start();
        long every = config.reconcileInterval().toMillis();
        repairs.scheduleWithFixedDelay(this::repair, every, every, TimeUnit.MILLISECONDS);
        LOG.info(() -> "agent listening; address=" + server.address());
        return this;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        repairs.shutdownNow();
        openVpn.close();
        controller.close();
    }

    private void repair() {
        try {
            reconciler.repair().forEach(change -> LOG.warning(() -> "repaired; " + change));
        } catch (RuntimeException e) {
            LOG.warning(() -> "repair failed: " + e);
        }
    }

    private Object status() {
        DesiredState state = reconciler.applied();
        var interfaces = state.wireguard().stream().map(wg -> Json.object(
                        "name", wg.name(),
                        "present", wireGuard.exists(wg.name()),
                        "implementation", wireGuard.implementation(wg.name()),
                        "public_key", wireGuard.publicKey(wg.name()),
                        "listen_port", wg.listenPort(),
                        "peer_count", wg.peers().size()))
                .toList();
        String version = Optional.ofNullable(Agent.class.getPackage().getImplementationVersion()).orElse("dev");
        return Json.object(
                "version", version,
                "uptime_seconds", Instant.now().getEpochSecond() - started.getEpochSecond(),
                "node_uptime_seconds", Host.uptimeSeconds(),
                "load_average", Host.loadAverage(),
                "cpu_count", Host.cpuCount(),
                "generation", state.generation(),
                "applied_at", reconciler.appliedAt().map(Instant::toString).orElse(null),
                "peer_count", state.wireguard().stream().mapToInt(w -> w.peers().size()).sum(),
                "wireguard", interfaces,
                "openvpn", openVpn.status());
    }

    private Reply peers(Request request) {
        var names = request.query("interface")
                .map(name -> java.util.List.of(reconciler.interfaceNamed(name).name()))
                .orElseGet(() -> reconciler.applied().wireguard().stream().map(WgInterface::name).toList());
        var peers = new java.util.ArrayList<Object>();
        for (String name : names) {
            for (PeerStatus peer : wireGuard.peers(name)) {
                peers.add(peer.toJson(name));
            }
        }
        return Reply.ok(Json.object("peers", peers));
    }

    private Reply addPeer(Request request) throws IOException {
        var f = Fields.of(request.json(), "peer").allowOnly(Set.of("interface", "public_key", "allowed_ips"));
        String name = WgInterface.interfaceName(f.string("interface"), "peer.interface");
        var peer = WgPeer.from(f.without("interface"));
        reconciler.addPeer(name, peer);
        return Reply.ok(Json.object("interface", name, "public_key", peer.publicKey(), "added", true));
    }

    private Reply removePeer(Request request) throws IOException {
        var f = Fields.of(request.json(), "peer").allowOnly(Set.of("interface", "public_key"));
        String name = WgInterface.interfaceName(f.string("interface"), "peer.interface");
        String key = WgPeer.publicKey(f.string("public_key"), "peer.public_key");
        return reconciler.removePeer(name, key).map(p -> Reply.ok(p.toJson(name))).orElse(Reply.noContent());
    }

    private Reply disconnect(Request request) throws IOException {
        var f = Fields.of(request.json(), "client").allowOnly(Set.of("common_name"));
        String commonName = f.string("common_name");
        if (commonName.isEmpty() || commonName.length() > 256 || commonName.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInput("client.common_name must be 1-256 printable characters");
        }
        int count = openVpn.disconnect(commonName);
        if (count == 0) {
            throw new UnknownTarget("no connected OpenVPN client with common name " + commonName);
        }
        return Reply.ok(Json.object("common_name", commonName, "disconnected", count));
    }

    private void createStateDir() {
        try {
            if (!Files.isDirectory(config.stateDir())) {
                Files.createDirectories(config.stateDir(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + config.stateDir(), e);
        }
    }
}
