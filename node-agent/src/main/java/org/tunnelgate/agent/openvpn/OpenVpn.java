package org.tunnelgate.agent.openvpn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.tunnelgate.agent.apply.OpenVpnPlane;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.state.OpenVpnListener;
import org.tunnelgate.agent.state.OpenVpnProfile;
import org.tunnelgate.agent.system.SecretFile;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Wait;

/**
 * All OpenVPN server processes of the node, one per listener of each profile in the desired
 * state. A process whose rendered files did not change keeps running (and keeps its clients);
 * a changed one is restarted; one no longer wanted is stopped and its files deleted.
 */
public final class OpenVpn implements OpenVpnPlane, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OpenVpn.class.getName());
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final Commands commands;
    private final String openvpn;
    private final Path dir;
    private final Path logDir;
    private final Controller controller;
    private final boolean allowWhenUnreachable;
    private final ExecutorService decisions = Executors.newFixedThreadPool(4, r -> {
        var t = new Thread(r, "openvpn-auth");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ServerProcess> processes = new ConcurrentHashMap<>();

    public OpenVpn(Commands commands, String openvpn, Path stateDir, Controller controller, boolean allowWhenUnreachable) {
        this.commands = commands;
        this.openvpn = openvpn;
        this.dir = stateDir.resolve("openvpn");
        this.logDir = stateDir.resolve("log");
        this.controller = controller;
        this.allowWhenUnreachable = allowWhenUnreachable;
    }

    @Override
    public void apply(List<OpenVpnProfile> profiles, List<String> changes, List<String> failures) {
        var wanted = new LinkedHashMap<String, ServerFiles>();
        var owners = new LinkedHashMap<String, OpenVpnProfile>();
        var listeners = new LinkedHashMap<String, OpenVpnListener>();
        for (OpenVpnProfile profile : profiles) {
            for (OpenVpnListener listener : profile.listeners()) {
                ServerFiles files = ServerFiles.render(profile, listener, dir);
                wanted.put(files.key(), files);
                owners.put(files.key(), profile);
                listeners.put(files.key(), listener);
            }
        }
        for (String key : List.copyOf(processes.keySet())) {
            if (!wanted.containsKey(key)) {
                processes.remove(key).stop();
                deleteDir(dir.resolve(key));
                changes.add("openvpn " + key + ": stopped");
            }
        }
        removeLeftovers(wanted.keySet());
        var started = new ArrayList<ServerProcess>();
        for (var entry : wanted.entrySet()) {
            String key = entry.getKey();
            ServerFiles files = entry.getValue();
            boolean changed;
            try {
                changed = write(files);
            } catch (UncheckedIOException e) {
                failures.add("openvpn " + key + ": " + e.getMessage());
                continue;
            }
            ServerProcess running = processes.get(key);
            if (running != null && !changed) continue;
            if (running != null) {
                running.stop();
                changes.add("openvpn " + key + ": restarted (configuration changed)");
            } else {
                Optional<ProcessHandle> survivor = runningFrom(files);
                if (survivor.isPresent() && changed) {
                    stopSurvivor(survivor.get()); // left by an earlier agent run with older settings
                    survivor = Optional.empty();
                }
                changes.add("openvpn " + key + ": " + (survivor.isPresent() ? "adopted" : "started"));
            }
            var process = new ServerProcess(files, owners.get(key).name(), listeners.get(key).proto(),
                    listeners.get(key).port(), commands, openvpn, logDir,
                    (profile, m) -> new ClientGate(profile, controller, allowWhenUnreachable, decisions, m));
            processes.put(key, process);
            process.start();
            started.add(process);
        }
        for (ServerProcess process : started) {
            if (!Wait.until(START_WAIT, () -> "running".equals(process.state()))) {
                failures.add("openvpn " + process.key() + ": not running yet (" + process.state() + "); see "
                        + logDir.resolve("openvpn-" + process.key() + ".log"));
            }
        }
    }

    /** Connected clients of every process, each with the process it is on. */
    public List<Object> clients() {
        var all = new ArrayList<Object>();
        for (ServerProcess process : processes.values()) {
            try {
                for (ConnectedClient client : process.clients()) {
                    all.add(client.toJson(process.key()));
                }
            } catch (IOException e) {
                LOG.fine(() -> "no client list; " + e.getMessage());
            }
        }
        return all;
    }

    /** Ends every session of the common name on every process; returns how many were ended. */
    public int disconnect(String commonName) {
        int count = 0;
        for (ServerProcess process : processes.values()) {
            try {
                for (ConnectedClient client : process.clients()) {
                    if (client.commonName().equals(commonName)) {
                        process.kill(client.clientId());
                        count++;
                    }
                }
            } catch (IOException e) {
                LOG.warning(() -> "disconnect failed; process=" + process.key() + " " + e.getMessage());
            }
        }
        return count;
    }

    /** Every process of the desired state, sorted by name. */
    public List<ProcessStatus> processes() {
        return processes.values().stream()
                .sorted(Comparator.comparing(ServerProcess::key))
                .map(ServerProcess::status)
                .toList();
    }

    /** Agent shutdown: the processes keep running; the next agent run adopts them. */
    @Override
    public void close() {
        processes.values().forEach(ServerProcess::detach);
        processes.clear();
        decisions.shutdownNow();
    }

    /** The process started for exactly these files by this or an earlier agent run, if it still runs. */
    static Optional<ProcessHandle> runningFrom(ServerFiles files) {
        try {
            if (!Files.exists(files.pidFile())) return Optional.empty();
            long pid = Long.parseLong(Files.readString(files.pidFile()).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments()
                            .map(args -> List.of(args).contains(files.config().toString()))
                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the files that differ; true when anything changed. */
    private static boolean write(ServerFiles files) {
        try {
            Files.createDirectories(files.dir());
            boolean changed = false;
            for (var file : files.files().entrySet()) {
                Path path = files.dir().resolve(file.getKey());
                if (!Files.exists(path) || !Files.readString(path).equals(file.getValue())) {
                    SecretFile.write(path, file.getValue());
                    changed = true;
                }
            }
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Directories of processes from an older state that this agent run never started: stop and delete. */
    private void removeLeftovers(java.util.Set<String> wanted) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path leftover : dirs.filter(d -> !wanted.contains(d.getFileName().toString())).toList()) {
                Path pidFile = leftover.resolve("openvpn.pid");
                Path config = leftover.resolve("server.conf");
                var files = new ServerFiles(leftover.getFileName().toString(), "", leftover, Map.of());
                if (Files.exists(pidFile) && Files.exists(config)) {
                    runningFrom(files).ifPresent(OpenVpn::stopSurvivor);
                }
                deleteDir(leftover);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot clean " + dir + ": " + e.getMessage());
        }
    }

    private static void stopSurvivor(ProcessHandle process) {
        process.destroy();
        if (!Wait.until(Duration.ofSeconds(5), () -> !process.isAlive())) {
            process.destroyForcibly();
        }
    }

    private static void deleteDir(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot delete " + path + ": " + e.getMessage());
        }
    }
}
