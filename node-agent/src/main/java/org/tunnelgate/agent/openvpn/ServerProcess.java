package org.tunnelgate.agent.openvpn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Wait;

/**
 * Supervises one {@code openvpn} server process: starts it (or adopts the one a previous agent
 * run left running), attaches to its management socket, and restarts it when it dies — after
 * 1 s, doubling up to 30 s with ±20 % jitter, back to 1 s once a process stayed up for a minute.
 */
final class ServerProcess {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofSeconds(60);

    private final ServerFiles files;
    private final String profile;
    private final String proto;
    private final int port;
    private final Commands commands;
    private final String openvpn;
    private final Path log;
    private final ClientGate gate;
    private final Thread supervisor;
    private volatile boolean stopping;
    private volatile boolean detaching;
    private volatile ProcessHandle process;
    private volatile Management management;
    private volatile String state = "starting";
    private volatile int restarts;

    ServerProcess(ServerFiles files, String profile, String proto, int port, Commands commands, String openvpn,
            Path logDir, GateFactory gates) {
        this.files = files;
        this.profile = profile;
        this.proto = proto;
        this.port = port;
        this.commands = commands;
        this.openvpn = openvpn;
        this.log = logDir.resolve("openvpn-" + files.key() + ".log");
        this.gate = gates.create(profile, () -> management);
        this.supervisor = new Thread(this::supervise, "openvpn-" + files.key());
        this.supervisor.setDaemon(true);
    }

    interface GateFactory {
        ClientGate create(String profile, java.util.function.Supplier<Management> management);
    }

    void start() {
        supervisor.start();
    }

    /** Stops the process for good (removed from the desired state or its configuration changed). */
    void stop() {
        stopping = true;
        supervisor.interrupt();
        closeManagement();
        ProcessHandle p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!Wait.until(Duration.ofSeconds(5), () -> !p.isAlive())) {
                p.destroyForcibly();
            }
        }
        gate.processEnded();
        state = "stopped";
    }

    /** The agent is shutting down: leave the process and its clients running for the next agent. */
    void detach() {
        detaching = true;
        stopping = true;
        supervisor.interrupt();
        closeManagement();
    }

    String key() {
        return files.key();
    }

    ServerFiles files() {
        return files;
    }

    String state() {
        return state;
    }

    List<ConnectedClient> clients() throws IOException {
        Management m = management;
        if (m == null || !m.isOpen()) throw new IOException("openvpn " + files.key() + " is not attached");
        return StatusParser.clients(m.multiLine("status 3"));
    }

    void kill(long clientId) throws IOException {
        Management m = management;
        if (m == null || !m.isOpen()) throw new IOException("openvpn " + files.key() + " is not attached");
        // HALT tells the client to exit instead of reconnecting at once
        m.command("client-kill " + clientId + " HALT");
    }

    ProcessStatus status() {
        ProcessHandle p = process;
        return new ProcessStatus(profile, proto, port, files.device(), state, p == null || !p.isAlive() ? -1 : p.pid(),
                restarts, gate.connectedCount());
    }

    private void supervise() {
        int failures = 0;
        while (!stopping) {
            long started = System.nanoTime();
            try {
                process = adoptOrStart();
                attach();
                state = "running";
                process.onExit().get();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                LOG.warning(() -> "openvpn failed; process=" + files.key() + " " + e.getMessage());
            }
            if (stopping) break;
            closeManagement();
            gate.processEnded();
            ProcessHandle dead = process;
            if (dead != null && dead.isAlive()) {
                dead.destroyForcibly(); // started but never became usable
            }
            state = "restarting";
            restarts++;
            failures = Duration.ofNanos(System.nanoTime() - started).compareTo(STABLE) > 0 ? 1 : failures + 1;
            long delay = backoff(failures).toMillis();
            LOG.warning(() -> "openvpn exited, restarting; process=" + files.key() + " in_ms=" + delay);
            try {
                TimeUnit.MILLISECONDS.sleep(delay); // interrupted by stop()
            } catch (InterruptedException e) {
                break;
            }
        }
        if (!detaching) {
            state = "stopped";
        }
    }

    static Duration backoff(int failures) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures - 1, 5));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (base * jitter));
    }

    private ProcessHandle adoptOrStart() throws IOException {
        Optional<ProcessHandle> running = survivor();
        if (running.isPresent()) {
            LOG.info(() -> "openvpn adopted; process=" + files.key() + " pid=" + running.get().pid());
            return running.get();
        }
        Files.deleteIfExists(files.managementSocket());
        Files.deleteIfExists(files.pidFile());
        Process started = commands.start(log, openvpn, "--config", files.config().toString());
        LOG.info(() -> "openvpn started; process=" + files.key() + " pid=" + started.pid());
        return started.toHandle();
    }

    /** The process a previous agent run started for exactly this configuration, if it still runs. */
    private Optional<ProcessHandle> survivor() {
        return OpenVpn.runningFrom(files);
    }

    private void attach() throws IOException, InterruptedException {
        ProcessHandle p = process;
        var last = new IOException[1];
        // the socket file appears a moment before openvpn accepts on it: retry until it does
        boolean attached = Wait.until(Duration.ofSeconds(15), () -> !p.isAlive() || tryAttach(last));
        if (Thread.interrupted()) throw new InterruptedException();
        if (!attached || !p.isAlive() || management == null) {
            throw new CommandFailed("openvpn did not open its management socket (" + (last[0] == null ? "exited"
                    : last[0].getMessage()) + "); see " + log);
        }
        // clients of an adopted process connected before this agent run: know them, to report their end
        gate.adopt(StatusParser.clients(management.multiLine("status 3")));
    }

    private boolean tryAttach(IOException[] last) {
        if (!Files.exists(files.managementSocket())) return false;
        try {
            management = Management.connect(files.managementSocket(), gate::notification, files.key());
            management.command("hold release");
            return true;
        } catch (IOException e) {
            closeManagement();
            last[0] = e;
            return false;
        }
    }

    private void closeManagement() {
        Management m = management;
        management = null;
        if (m != null) m.close();
    }
}
