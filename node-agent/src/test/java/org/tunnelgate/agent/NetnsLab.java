package org.tunnelgate.agent;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tunnelgate.agent.system.Wait;

/**
 * Two network namespaces with per-run names — a VPN node and a client — joined by a veth pair
 * (10.213.0.1/24 on the node, 10.213.0.2/24 on the client; the addresses exist only inside the
 * namespaces). {@link #close()} kills every process in both namespaces, deletes them and the
 * run's temporary directory; a shutdown hook does the same if the JVM dies first.
 *
 * <p>Needs root, {@code /dev/net/tun}, ip, wg, wireguard-go, openvpn and ping. A missing one
 * fails the test (never skips it): a data-plane test that did not run must not look green.
 */
public final class NetnsLab implements AutoCloseable {

    public static final String NODE_IP = "10.213.0.1";
    public static final String CLIENT_IP = "10.213.0.2";

    public final String prefix;
    public final String node;
    public final String client;
    public final Path dir;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread hook = new Thread(this::cleanUp, "netns-lab-cleanup");
    private volatile boolean closed;

    public NetnsLab() throws IOException {
        checkPrerequisites();
        prefix = "tg" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        node = prefix + "-node";
        client = prefix + "-cli";
        dir = Files.createTempDirectory(prefix + "-");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run("ip", "netns", "add", node);
            run("ip", "netns", "add", client);
            run("ip", "link", "add", prefix + "n", "type", "veth", "peer", "name", prefix + "c");
            run("ip", "link", "set", prefix + "n", "netns", node);
            run("ip", "link", "set", prefix + "c", "netns", client);
            run("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", prefix + "n");
            run("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", prefix + "c");
            for (String ns : List.of(node, client)) {
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            run("ip", "-n", node, "link", "set", prefix + "n", "up");
            run("ip", "-n", client, "link", "set", prefix + "c", "up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs a command to completion; a non-zero exit fails with its output. */
    public String run(String... argv) {
        var result = tryRun(argv);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (" + result.exit() + "): " + result.output());
        }
        return result.output();
    }

    public record Result(int exit, String output) {}

    public Result tryRun(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public String inClient(String... argv) {
        return run(inNamespace(client, argv));
    }

    public Result tryInClient(String... argv) {
        return tryRun(inNamespace(client, argv));
    }

    /** Starts a long-running program in the client namespace, output to {@code log}. */
    public Process startInClient(Path log, String... argv) throws IOException {
        Process p = new ProcessBuilder(inNamespace(client, argv))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        processes.add(p);
        return p;
    }

    /** One ping from the client namespace; true when a reply came within a second. */
    public boolean ping(String address) {
        return tryInClient("ping", "-n", "-c", "1", "-W", "1", address).exit() == 0;
    }

    public boolean pingsWithin(String address, Duration timeout) {
        return Wait.until(timeout, () -> ping(address));
    }

    /** Simulates a node reboot for the data plane: every process in the node namespace dies. */
    public void killEverythingInNode() {
        killAll(node);
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran
        }
    }

    private synchronized void cleanUp() {
        if (closed) return;
        closed = true;
        for (Process p : processes) p.destroy();
        for (String ns : List.of(node, client)) {
            killAll(ns);
            tryRun("ip", "netns", "del", ns);
        }
        for (Process p : processes) p.destroyForcibly();
        // a wireguard-go killed with SIGKILL leaves its socket behind
        try (Stream<Path> sockets = Files.list(Path.of("/run/wireguard"))) {
            for (Path socket : sockets.filter(s -> s.getFileName().toString().startsWith(prefix + "-")).toList()) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // no /run/wireguard: nothing left behind
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("cannot delete " + dir + ": " + e.getMessage());
            }
        }
    }

    private void killAll(String ns) {
        for (String signal : List.of("TERM", "KILL")) {
            var pids = pids(ns);
            if (pids.isEmpty()) return;
            var argv = new ArrayList<>(List.of("kill", "-" + signal));
            argv.addAll(pids);
            tryRun(argv.toArray(String[]::new));
            if (Wait.until(Duration.ofSeconds(5), () -> pids(ns).isEmpty())) return;
        }
    }

    private List<String> pids(String ns) {
        var result = tryRun("ip", "netns", "pids", ns);
        if (result.exit() != 0) return List.of();
        return result.output().lines().map(String::trim).filter(s -> s.matches("\\d+")).toList();
    }

    private static String[] inNamespace(String ns, String... argv) {
        var all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return all.toArray(String[]::new);
    }

    private static void checkPrerequisites() {
        var missing = new ArrayList<String>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root");
        if (!Files.exists(Path.of("/dev/net/tun"))) missing.add("/dev/net/tun");
        for (String program : List.of("ip", "wg", "wireguard-go", "openvpn", "ping")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
            if (!found) missing.add(program);
        }
        if (!missing.isEmpty()) {
            fail("the data-plane tests need " + String.join(", ", missing)
                    + " (run as root after: apt-get install --no-install-recommends wireguard-go wireguard-tools"
                    + " openvpn iproute2 iputils-ping)");
        }
    }
}
