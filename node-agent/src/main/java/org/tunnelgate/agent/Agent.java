package org.tunnelgate.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.tunnelgate.agent.apply.Reconciler;
import org.tunnelgate.agent.apply.StateStore;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.http.AgentApi;
import org.tunnelgate.agent.http.AgentServer;
import org.tunnelgate.agent.http.MetricsReport;
import org.tunnelgate.agent.http.StatusReport;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Stopping;
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
    private final OpenVpn openVpn;
    private final Reconciler reconciler;
    private final AgentServer server;
    private final ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "agent-repair");
        t.setDaemon(true);
        return t;
    });

    /** {@code tls}: the API's context (the node's certificate; trusts the callers' CA). */
    public Agent(AgentConfig config, SSLContext tls, Controller controller) {
        this.config = config;
        this.controller = controller;
        createStateDir();
        var commands = new Commands(config.commands().ip(), config.netns());
        var wireGuard = new WireGuard(commands, config.commands(), config.wireguardMode(), config.stateDir());
        this.openVpn = new OpenVpn(commands, config.commands().openvpn(), config.stateDir(), controller,
                config.allowClientsWhenControllerUnreachable());
        this.reconciler = new Reconciler(new StateStore(config.stateDir()), wireGuard, openVpn);
        var status = new StatusReport(reconciler, wireGuard, openVpn, controller);
        this.server = new AgentServer(config.listen(), tls, config.maxBodyBytes(), config.allowedClients());
        status.routes(server);
        new MetricsReport(reconciler, wireGuard, openVpn, controller, status).routes(server);
        new AgentApi(reconciler, wireGuard, openVpn).routes(server);
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
        Stopping.drain(repairs);
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
