package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A data-plane lab for the controller's nodes: two node namespaces and a client namespace joined to
 * both (client .2, node .1 on 10.231.1.0/24 and 10.231.2.0/24; every name carries a per-run prefix),
 * real VPN clients there (wireguard-go, openvpn),
 * an address "behind" each node on its {@code lo} ({@value #BEHIND}), and real node agents — the
 * agent JVM in the root namespace with its API on loopback, its data plane in the node's namespace
 * ({@code netns}), each in a private mount namespace with its own {@code /run/wireguard}, since
 * wireguard-go's sockets are shared by all network namespaces and both nodes name their interface
 * after the profile. {@link #close()} kills what it started, deletes the namespaces and the run
 * directory, also from a shutdown hook.
 *
 * <p>Needs root, {@code /dev/net/tun}, ip, wg, wireguard-go, openvpn, ping, unshare and java; a missing one
 * fails the test — a data-plane test that did not run must not look green.
 */
final class NodeLab implements AutoCloseable {

    static final String BEHIND = "10.231.100.1";

    final String prefix;
    final String client;
    final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<Integer, Process> agents = new ConcurrentHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::cleanUp, "node-lab-cleanup");
    private boolean closed;

    NodeLab() throws IOException {
        checkPrerequisites();
        prefix = "tn" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        client = prefix + "-cli";
        dir = Files.createTempDirectory(prefix + "-");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            add(client);
            run("ip", "-n", client, "link", "set", "lo", "up");
            for (int i = 1; i <= 2; i++) {
                String node = node(i);
                add(node);
                run("ip", "link", "add", prefix + "n" + i, "type", "veth", "peer", "name", prefix + "c" + i);
                run("ip", "link", "set", prefix + "n" + i, "netns", node);
                run("ip", "link", "set", prefix + "c" + i, "netns", client);
                run("ip", "-n", node, "addr", "add", nodeIp(i) + "/24", "dev", prefix + "n" + i);
                run("ip", "-n", client, "addr", "add", "10.231." + i + ".2/24", "dev", prefix + "c" + i);
                run("ip", "-n", node, "link", "set", "lo", "up");
                run("ip", "-n", node, "link", "set", prefix + "n" + i, "up");
                run("ip", "-n", client, "link", "set", prefix + "c" + i, "up");
                run("ip", "-n", node, "addr", "add", BEHIND + "/32", "dev", "lo");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A port of {@code from}-{@code to} (the run's block) that is free on loopback now: the block lies
     * in Linux's range of ephemeral ports, where any outgoing connection may hold one for a while.
     */
    static int freeLoopbackPort(int from, int to, int except) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = from + ThreadLocalRandom.current().nextInt(to - from + 1);
            if (port == except) {
                continue;
            }
            try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in " + from + "-" + to);
    }

    String node(int i) {
        return prefix + "-n" + i;
    }

    static String nodeIp(int i) {
        return "10.231." + i + ".1";
    }

    Path nodeDir(int i) {
        return dir.resolve("node" + i);
    }

    /** {@code enroll --enroll-only} for node i; returns the command's result. */
    Result enroll(int i, Path agentJar, String controller, String token, Path controllerCa) {
        return tryRun("java", "-jar", agentJar.toString(), "enroll", "--controller", controller, "--token", token,
                "--config", nodeDir(i).resolve("agent.properties").toString(), "--controller-ca", controllerCa.toString(),
                "--state-dir", nodeDir(i).resolve("state").toString(), "--netns", node(i), "--enroll-only");
    }

    /** Starts node i's agent with the configuration enrollment wrote, in a private mount namespace. */
    void startAgent(int i, Path agentJar) throws IOException {
        Files.createDirectories(Path.of("/run/wireguard"));
        Path runDir = nodeDir(i).resolve("run-wireguard");
        Files.createDirectories(runDir);
        String script = "mount --bind " + runDir + " /run/wireguard && exec java -jar " + agentJar + " "
                + nodeDir(i).resolve("agent.properties");
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir(i).resolve("agent.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        agents.put(i, p);
        synchronized (processes) {
            processes.add(p);
        }
    }

    /**
     * Starts node i's agent again after {@link #killNode}, with its state gone (state.json deleted;
     * the WireGuard key files stay) — a node that comes back empty.
     */
    void restartAgentEmpty(int i, Path agentJar) throws IOException {
        Files.deleteIfExists(nodeDir(i).resolve("state").resolve("state.json"));
        try (Stream<Path> sockets = Files.list(nodeDir(i).resolve("run-wireguard"))) {
            for (Path socket : sockets.toList()) {
                Files.deleteIfExists(socket); // left by a wireguard-go that was killed
            }
        }
        startAgent(i, agentJar);
    }

    /** Node i dies: its agent, its data plane, its link. */
    void killNode(int i) {
        Process agent = agents.remove(i);
        if (agent != null) {
            agent.destroyForcibly();
            try {
                agent.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killAll(node(i));
    }

    /** Only the agent of node i stops (its tunnels stay up, as after {@code systemctl stop}). */
    void stopAgent(int i) throws InterruptedException {
        Process agent = agents.remove(i);
        if (agent != null) {
            agent.destroy();
            agent.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * The public keys of the WireGuard peers node i's interfaces carry now, as {@code wg} sees them
     * in the agent's mount namespace (where its wireguard-go sockets are); empty while the agent is down.
     */
    String wireGuardPeers(int i) {
        Process agent = agents.get(i);
        if (agent == null || !agent.isAlive()) {
            return "";
        }
        Result shown = tryRun("nsenter", "-t", Long.toString(agent.pid()), "-m", "wg", "show", "all", "peers");
        if (shown.exit() != 0) {
            throw new IllegalStateException("wg show all peers in node " + i + ": " + shown.output());
        }
        return shown.output();
    }

    /** Runs {@code wg} with these arguments where node i's agent runs it: a change behind the controller's back. */
    void wg(int i, String... args) {
        Process agent = agents.get(i);
        if (agent == null || !agent.isAlive()) {
            throw new IllegalStateException("the agent of node " + i + " is not running");
        }
        var argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(agent.pid()), "-m", "wg"));
        argv.addAll(List.of(args));
        Result done = tryRun(argv.toArray(String[]::new));
        if (done.exit() != 0) {
            throw new IllegalStateException("wg " + String.join(" ", args) + " in node " + i + ": " + done.output());
        }
    }

    String agentLog(int i) {
        try {
            return Files.readString(nodeDir(i).resolve("agent.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Brings up the client's WireGuard interface from a configuration the API returned (the app's
     * private key in {@code privateKeyFile}); returns the interface name. One at a time: call
     * {@link #dropClientTunnel} before the next.
     */
    String clientTunnel(String configuration, Path privateKeyFile) throws IOException {
        dropClientTunnel(); // one left by a test that failed halfway
        String name = prefix + "-wg";
        Process p = new ProcessBuilder("ip", "netns", "exec", client, "wireguard-go", "-f", name)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        synchronized (processes) {
            processes.add(p);
        }
        if (!waitUntil(Duration.ofSeconds(10), () -> Files.exists(Path.of("/run/wireguard", name + ".sock")))) {
            fail("wireguard-go did not start for the client");
        }
        String address = value(configuration, "Address").split(",")[0].trim();
        String[] endpoint = value(configuration, "Endpoint").split(":");
        run("ip", "netns", "exec", client, "wg", "set", name, "private-key", privateKeyFile.toString(),
                "peer", value(configuration, "PublicKey"), "endpoint", endpoint[0] + ":" + endpoint[1],
                "allowed-ips", value(configuration, "AllowedIPs").replace(" ", ""));
        run("ip", "-n", client, "addr", "add", address, "dev", name);
        run("ip", "-n", client, "link", "set", name, "up");
        for (String allowed : value(configuration, "AllowedIPs").split(",")) {
            String prefix4 = allowed.trim();
            if (!prefix4.contains(":") && !sameNetwork(prefix4, address)) {
                run("ip", "-n", client, "route", "replace", prefix4, "dev", name);
            }
        }
        return name;
    }

    /**
     * Starts a real OpenVPN client in the client namespace with a configuration the API returned —
     * only its {@code remote}s of {@code onlyProto} ("udp", "tcp"), or all of them in their order
     * when null. One at a time: {@link #dropOpenVpnClient} ends it.
     */
    void openVpnClient(String configuration, String onlyProto) throws IOException {
        dropOpenVpnClient();
        String text = configuration.lines()
                .filter(l -> onlyProto == null || !l.startsWith("remote ") || l.endsWith(" " + onlyProto))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Path file = dir.resolve("client.ovpn");
        Files.writeString(file, text);
        Files.deleteIfExists(openVpnLog());
        openVpnClient = new ProcessBuilder("ip", "netns", "exec", client, "openvpn", "--config", file.toString(),
                "--dev", prefix + "-ov", "--dev-type", "tun", "--verb", "3")
                .redirectErrorStream(true)
                .redirectOutput(openVpnLog().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        synchronized (processes) {
            processes.add(openVpnClient);
        }
    }

    private Process openVpnClient;

    Path openVpnLog() {
        return dir.resolve("openvpn-client.log");
    }

    String openVpnClientLog() {
        try {
            return Files.readString(openVpnLog());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The client's IPv4 address on its OpenVPN device, or null while it has none. */
    String openVpnAddress() {
        Result shown = tryRun("ip", "-n", client, "-4", "-o", "addr", "show", "dev", prefix + "-ov");
        var m = java.util.regex.Pattern.compile("inet ([0-9.]+)/").matcher(shown.output());
        return shown.exit() == 0 && m.find() ? m.group(1) : null;
    }

    void dropOpenVpnClient() {
        if (openVpnClient != null) {
            openVpnClient.destroy();
            try {
                if (!openVpnClient.waitFor(10, TimeUnit.SECONDS)) {
                    openVpnClient.destroyForcibly();
                }
            } catch (InterruptedException e) {
                openVpnClient.destroyForcibly();
            }
            openVpnClient = null;
        }
        waitUntil(Duration.ofSeconds(5), () -> tryRun("ip", "-n", client, "link", "show", prefix + "-ov").exit() != 0);
    }

    void dropClientTunnel() {
        tryRun("ip", "-n", client, "link", "del", prefix + "-wg");
        waitUntil(Duration.ofSeconds(5), () -> !Files.exists(Path.of("/run/wireguard", prefix + "-wg.sock")));
    }

    /** One ping from the client; true when a reply came within a second. */
    boolean ping(String address) {
        return tryRun("ip", "netns", "exec", client, "ping", "-n", "-c", "1", "-W", "1", address).exit() == 0;
    }

    boolean pingsWithin(String address, Duration timeout) {
        return waitUntil(timeout, () -> ping(address));
    }

    /** A fresh WireGuard key pair made with {@code wg}: the private key file and the public key. */
    record KeyPair(Path privateKey, String publicKey) {}

    KeyPair keyPair(String name) throws IOException {
        Path file = dir.resolve(name + ".key");
        String privateKey = run("wg", "genkey").strip();
        Files.writeString(file, privateKey + "\n");
        Process p = new ProcessBuilder("wg", "pubkey").redirectErrorStream(true).start();
        p.getOutputStream().write((privateKey + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String publicKey = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        return new KeyPair(file, publicKey);
    }

    static String value(String configuration, String key) {
        return configuration.lines().filter(l -> l.startsWith(key + " = ")).map(l -> l.substring(key.length() + 3))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in\n" + configuration));
    }

    private static boolean sameNetwork(String prefix, String address) {
        return prefix.equals(address) || prefix.split("/")[0].equals(address.split("/")[0]);
    }

    static boolean waitUntil(Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    record Result(int exit, String output) {}

    String run(String... argv) {
        Result result = tryRun(argv);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (" + result.exit() + "): " + result.output());
        }
        return result.output();
    }

    Result tryRun(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
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

    private void add(String namespace) {
        run("ip", "netns", "add", namespace);
        namespaces.add(namespace);
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
        if (closed) {
            return;
        }
        closed = true;
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        started.forEach(Process::destroy);
        for (String ns : namespaces) {
            killAll(ns);
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        for (String ns : namespaces) {
            tryRun("ip", "netns", "del", ns);
        }
        try {
            Files.deleteIfExists(Path.of("/run/wireguard", prefix + "-wg.sock"));
        } catch (IOException e) {
            // nothing left behind
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private void killAll(String ns) {
        for (String signal : List.of("TERM", "KILL")) {
            List<String> pids = pids(ns);
            if (pids.isEmpty()) {
                return;
            }
            List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
            argv.addAll(pids);
            tryRun(argv.toArray(String[]::new));
            if (waitUntil(Duration.ofSeconds(5), () -> pids(ns).isEmpty())) {
                return;
            }
        }
    }

    private List<String> pids(String ns) {
        Result result = tryRun("ip", "netns", "pids", ns);
        return result.exit() != 0 ? List.of() : result.output().lines().map(String::trim).filter(s -> s.matches("\\d+")).toList();
    }

    private static void checkPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun");
        }
        for (String program : List.of("ip", "wg", "wireguard-go", "openvpn", "ping", "unshare", "java")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
            if (!found) {
                missing.add(program);
            }
        }
        if (!missing.isEmpty()) {
            fail("the node tests need " + String.join(", ", missing) + " (run as root after: apt-get install"
                    + " --no-install-recommends wireguard-go wireguard-tools openvpn iproute2 iputils-ping)");
        }
    }
}
