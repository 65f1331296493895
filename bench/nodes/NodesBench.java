import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Issue 9's node benchmark (not a test), against a running throwaway system without a local node:
 * two node agents — enrolled through the real flow, their data plane (wireguard-go) in network
 * namespaces made here with a per-run prefix — serve a profile; {@code peers} (10,000) WireGuard
 * configurations per node are written into the database (one account each) and reach the nodes by
 * reconciliation. Then, in one run:
 *
 * <ol>
 * <li>{@code /connect} with the synchronous push (the profile on the two agents) against the same
 *     {@code /connect} without push (a second profile on two registry-only nodes, which have no agent
 *     to tell), with HotPathBench's client and the discovery document as ceiling;</li>
 * <li>a full reconciliation of node 1 after it comes back empty (agent and wireguard-go killed,
 *     state.json deleted, agent started again) against raw {@code wg syncconf} of the same peer set
 *     on a fresh wireguard-go interface in the same namespace;</li>
 * <li>disable an account (admin API) until its peer is gone from the node's WireGuard.</li>
 * </ol>
 *
 * Peers are counted over wireguard-go's own socket (the UAPI {@code get=1}), never through the
 * agent. Everything started here is killed and the namespaces deleted at the end, also on failure.
 */
public class NodesBench {

    static final String CLIENT_ID = "org.eduvpn.app.linux";
    static String prefix;
    static Path dir;
    static Path agentJar;
    static String adminAuth;
    static final Map<Integer, Process> agents = new TreeMap<>();
    static final List<Process> others = new ArrayList<>();
    static final List<String> namespaces = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("home"));
        try (var in = Files.newInputStream(home.resolve("tunnelgate.properties"))) {
            HotPathBench.props.load(in);
        }
        HotPathBench.adminPassword = System.getProperty("admin.password", System.getenv("TUNNELGATE_ADMIN_PASSWORD"));
        HotPathBench.base = HotPathBench.props.getProperty("https.url").replace("localhost", "127.0.0.1");
        HotPathBench.tls = HotPathBench.trusting(Path.of(HotPathBench.props.getProperty("ca.file")));
        HotPathBench.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(HotPathBench.tls)
                .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
        String pidFile = HotPathBench.props.getProperty("payara.pid.file", "");
        HotPathBench.payaraPidFiles = pidFile.isEmpty() ? List.of() : List.of(Path.of(pidFile));
        adminAuth = "Basic " + Base64.getEncoder().encodeToString((HotPathBench.props.getProperty("admin.user") + ":"
                + HotPathBench.adminPassword).getBytes(StandardCharsets.UTF_8));
        agentJar = Path.of(System.getProperty("agent.jar")).toAbsolutePath();
        int perNode = Integer.getInteger("peers", 10_000);
        int portBase = Integer.getInteger("port.base", 24500);
        int threads = Integer.getInteger("threads", 8);
        int seconds = Integer.getInteger("seconds", 10);
        int disables = Integer.getInteger("disables", 20);

        prefix = "tb" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        dir = Files.createTempDirectory(prefix + "-");
        Runtime.getRuntime().addShutdownHook(new Thread(NodesBench::cleanUp));
        try {
            run(perNode, portBase, threads, seconds, disables);
        } finally {
            cleanUp();
        }
    }

    static void run(int perNode, int portBase, int threads, int seconds, int disables) throws Exception {
        System.out.printf("nodes bench against %s: prefix %s, %d WireGuard configurations per node, load %s%n",
                HotPathBench.base, prefix, perNode, load());
        String[] nodes = {null, prefix + "-n1", prefix + "-n2"};
        int[] ports = {0, portBase + 901, portBase + 902};
        for (int i = 1; i <= 2; i++) {
            sh("ip", "netns", "add", nodes[i]);
            namespaces.add(nodes[i]);
            sh("ip", "-n", nodes[i], "link", "set", "lo", "up");
            var registered = admin("POST", "/api/admin/nodes", """
                    {"name": "%s", "agent_url": "https://127.0.0.1:%d", "public_host": "198.18.%d.1",
                     "location": "bench %d", "capacity": %d}""".formatted(nodes[i], ports[i], i, i, 2 * perNode + 1000));
            check(registered, 201);
            String token = HotPathBench.field(registered.body(), "enrollment_token");
            Files.createDirectories(nodeDir(i));
            Process enroll = new ProcessBuilder("java", "-jar", agentJar.toString(), "enroll", "--controller",
                    HotPathBench.base, "--token", token, "--config", nodeDir(i).resolve("agent.properties").toString(),
                    "--controller-ca", HotPathBench.props.getProperty("ca.file"), "--state-dir",
                    nodeDir(i).resolve("state").toString(), "--netns", nodes[i], "--enroll-only")
                    .redirectErrorStream(true).start();
            String out = new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (enroll.waitFor() != 0) {
                throw new IllegalStateException("enroll of node " + i + " failed: " + out);
            }
            startAgent(i);
        }
        // registry-only nodes (no agent): a profile on them is the same /connect without any push
        try (Connection db = HotPathBench.db(); PreparedStatement node = db.prepareStatement(
                "INSERT INTO vpn_node (name, public_host, wg_public_key) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= 2; i++) {
                node.setString(1, prefix + "-u" + i);
                node.setString(2, "198.18.10" + i + ".1");
                node.setString(3, randomKey());
                node.executeUpdate();
            }
        }
        String pushed = prefix + "-push";
        String unpushed = prefix + "-nopush";
        createProfile(pushed, "10.240.0.0/16", nodes[1], nodes[2]);
        createProfile(unpushed, "10.241.0.0/16", prefix + "-u1", prefix + "-u2");
        for (int i = 1; i <= 2; i++) {
            int n = i;
            if (!waitUntil(Duration.ofSeconds(90), () -> nodeState(nodes[n]).equals("up"))) {
                throw new IllegalStateException("node " + nodes[n] + " is not up: " + nodeState(nodes[n]) + "; log: " + agentLog(n));
            }
        }
        String wg = interfaceName(pushed);

        // --- 10,000 configurations per node, written into the database; reconciliation takes them to the nodes
        long t0 = System.nanoTime();
        List<List<Seeded>> seeded = List.of(List.of(), seed(pushed, nodes[1], perNode), seed(pushed, nodes[2], perNode));
        System.out.printf("seeded %,d configurations (and accounts) in the database in %.1f s%n", 2 * perNode,
                (System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        for (int i = 1; i <= 2; i++) {
            int n = i;
            if (!waitUntil(Duration.ofSeconds(180), () -> peers(n, wg).size() >= perNode)) {
                throw new IllegalStateException("node " + n + " has " + peers(n, wg).size() + " peers; log: " + agentLog(n));
            }
        }
        System.out.printf("both nodes carry their %,d peers %.1f s later (reconciliation every 10 s sends the full state)%n",
                perNode, (System.nanoTime() - t1) / 1e9);

        // --- /connect with and without the synchronous push, in one run
        System.out.printf("%n/connect, %d threads, %d s per operation after 3 s warm-up (load %s)%n", threads, seconds, load());
        List<HotPathBench.App> apps = HotPathBench.authorizedApps(64, threads);
        List<HotPathBench.Result> results = new ArrayList<>();
        results.add(HotPathBench.run("discovery document (ceiling)",
                (w, i, mine) -> HotPathBench.get(HotPathBench.http, "/.well-known/vpn-user-portal").statusCode() == 200,
                apps, threads, seconds, 3));
        results.add(HotPathBench.run("WireGuard /connect, no push (registry-only nodes)",
                (w, i, mine) -> HotPathBench.connect(mine.get(i % mine.size()), unpushed, true), apps, threads, seconds, 3));
        results.add(HotPathBench.run("WireGuard /connect, synchronous push to 2 agents",
                (w, i, mine) -> HotPathBench.connect(mine.get(i % mine.size()), pushed, true), apps, threads, seconds, 3));
        results.add(HotPathBench.run("WireGuard /connect, no push (again)",
                (w, i, mine) -> HotPathBench.connect(mine.get(i % mine.size()), unpushed, true), apps, threads, seconds, 3));
        for (HotPathBench.App app : apps) {
            HotPathBench.http.send(HttpRequest.newBuilder(URI.create(HotPathBench.base + "/api/v3/disconnect"))
                    .header("Authorization", "Bearer " + app.accessToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        double ceiling = results.get(0).opsPerSecond();
        double without = (results.get(1).opsPerSecond() + results.get(3).opsPerSecond()) / 2;
        System.out.println();
        System.out.println("| operation (" + threads + " threads, HTTPS) | ops/s | p50 ms | p99 ms | errors | × discovery | × no push | controller CPU ms/op |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (HotPathBench.Result r : results) {
            System.out.printf("| %s | %,.0f | %.2f | %.2f | %d | %.2f | %s | %s |%n", r.name(), r.opsPerSecond(), r.p50(), r.p99(),
                    r.errors(), r.opsPerSecond() / ceiling, r == results.get(0) ? "" : String.format("%.2f", r.opsPerSecond() / without),
                    Double.isNaN(r.cpuMsPerOp()) ? "n/a" : String.format("%.2f", r.cpuMsPerOp()));
        }
        double p99without = Math.max(results.get(1).p99(), results.get(3).p99());
        System.out.printf("with push / without: throughput %.2f (target ≥ 0.80), p99 %.2f ms against %.2f ms (%.2f ×)%n",
                results.get(2).opsPerSecond() / without, results.get(2).p99(), p99without, results.get(2).p99() / p99without);

        // --- a node comes back empty: the controller's full reconciliation against raw wg syncconf
        System.out.printf("%nreconciliation of node 1 after it comes back empty (load %s)%n", load());
        Set<String> expected = databasePeers(pushed, nodes[1]);
        killAgent(1);
        killAll(nodes[1]);
        Files.deleteIfExists(nodeDir(1).resolve("state").resolve("state.json"));
        try (Stream<Path> sockets = Files.list(nodeDir(1).resolve("run-wireguard"))) {
            for (Path socket : sockets.toList()) {
                Files.deleteIfExists(socket);
            }
        }
        long restart = System.nanoTime();
        startAgent(1);
        waitUntil(Duration.ofSeconds(60), () -> listening(ports[1]));
        long apiUp = System.nanoTime();
        waitUntil(Duration.ofSeconds(60), () -> !peers(1, wg).isEmpty());
        long firstPeer = System.nanoTime();
        boolean complete = waitUntil(Duration.ofSeconds(120), () -> peers(1, wg).containsAll(expected));
        long allPeers = System.nanoTime();
        Set<String> onNode = peers(1, wg);
        System.out.printf("node 1: %,d peers expected, %,d on WireGuard afterwards, %s%n", expected.size(), onNode.size(),
                complete ? "all there" : "INCOMPLETE");
        double raw = rawSyncconf(nodes[1], pushed, nodes[1]);
        double reconcile = (allPeers - apiUp) / 1e6;
        System.out.println();
        System.out.println("| node 1 back empty, " + expected.size() + " peers | ms | × raw `wg syncconf` |");
        System.out.println("|---|---:|---:|");
        System.out.printf("| agent started → its API listens (JVM start) | %.0f | |%n", (apiUp - restart) / 1e6);
        System.out.printf("| API listens → first peer on WireGuard (probe period ≤ 3 s, desired state built and sent) | %.0f | |%n",
                (firstPeer - apiUp) / 1e6);
        System.out.printf("| first peer → all peers | %.0f | %.2f |%n", (allPeers - firstPeer) / 1e6, (allPeers - firstPeer) / 1e6 / raw);
        System.out.printf("| **API listens → all peers (the reconciliation)** | %.0f | %.2f |%n", reconcile, reconcile / raw);
        System.out.printf("| raw `wg syncconf` of the same %d peers, fresh wireguard-go in the same namespace | %.0f | 1.00 |%n",
                expected.size(), raw);

        // --- disable an account: its peer gone from the node
        System.out.printf("%ndisable account → peer gone on every node, %d accounts one after the other (load %s)%n", disables, load());
        List<Double> gone = new ArrayList<>();
        for (int k = 0; k < disables; k++) {
            int node = 1 + k % 2;
            Seeded victim = seeded.get(node).get(k * 37 % seeded.get(node).size());
            String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(victim.publicKey()));
            if (!peers(node, wg).contains(hex)) {
                throw new IllegalStateException("peer of " + victim.account() + " not on node " + node + " before the disable");
            }
            long start = System.nanoTime();
            check(admin("POST", "/api/admin/users/" + victim.account() + "/disable", null), 200, 204);
            boolean removed = waitUntil(Duration.ofSeconds(30),
                    () -> !peers(1, wg).contains(hex) && !peers(2, wg).contains(hex));
            double ms = (System.nanoTime() - start) / 1e6;
            gone.add(removed ? ms : Double.POSITIVE_INFINITY);
        }
        gone.sort(null);
        System.out.printf("| disable → peer gone (%d accounts) | p50 %.0f ms | p99 %.0f ms | max %.0f ms | not gone within 30 s: %d |%n",
                gone.size(), gone.get(gone.size() / 2), gone.get((int) Math.ceil(gone.size() * 0.99) - 1), gone.get(gone.size() - 1),
                gone.stream().filter(d -> d.isInfinite()).count());
        System.out.printf("%nload at the end %s%n", load());

        admin("DELETE", "/api/admin/profiles/" + pushed, null);
        admin("DELETE", "/api/admin/profiles/" + unpushed, null);
    }

    record Seeded(String account, String publicKey) {}

    /** {@code count} accounts with one WireGuard configuration each on {@code node}, addresses from the node's share. */
    static List<Seeded> seed(String profile, String node, int count) throws Exception {
        List<Seeded> out = new ArrayList<>();
        try (Connection db = HotPathBench.db()) {
            String v4;
            String v6;
            try (PreparedStatement share = db.prepareStatement(
                    "SELECT wg_ipv4_range, wg_ipv6_range FROM vpn_profile_node WHERE profile_id = ? AND node_name = ?")) {
                share.setString(1, profile);
                share.setString(2, node);
                try (ResultSet row = share.executeQuery()) {
                    row.next();
                    v4 = row.getString(1);
                    v6 = row.getString(2);
                }
            }
            db.setAutoCommit(false);
            String hash;
            try (PreparedStatement admin = db.prepareStatement("SELECT password_hash FROM account WHERE name = ?")) {
                admin.setString(1, HotPathBench.props.getProperty("admin.user"));
                try (ResultSet row = admin.executeQuery()) {
                    row.next();
                    hash = row.getString(1);
                }
            }
            try (PreparedStatement account = db.prepareStatement("INSERT INTO account (name, password_hash, role, enabled, created_at, version)"
                    + " VALUES (?, ?, 'USER', TRUE, UTC_TIMESTAMP(6), 0)")) {
                for (int i = 0; i < count; i++) {
                    account.setString(1, node + "-a" + i);
                    account.setString(2, hash);
                    account.addBatch();
                }
                account.executeBatch();
            }
            // the driver's bulk protocol refuses a batched INSERT … SELECT: read the ids, then plain VALUES
            Map<String, Long> ids = new java.util.HashMap<>();
            try (PreparedStatement select = db.prepareStatement("SELECT id, name FROM account WHERE name LIKE ?")) {
                select.setString(1, node + "-a%");
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(2), rows.getLong(1));
                    }
                }
            }
            try (PreparedStatement configuration = db.prepareStatement("INSERT INTO vpn_configuration (account_id, profile_id,"
                    + " protocol, node_name, wg_public_key, wg_host, ipv4, ipv6, created_at, expires_at)"
                    + " VALUES (?, ?, 'wireguard', ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 90 DAY)")) {
                for (int i = 0; i < count; i++) {
                    long host = i + 2;
                    String key = randomKey();
                    configuration.setLong(1, ids.get(node + "-a" + i));
                    configuration.setString(2, profile);
                    configuration.setString(3, node);
                    configuration.setString(4, key);
                    configuration.setLong(5, host);
                    configuration.setString(6, address(v4, host));
                    configuration.setString(7, address(v6, host));
                    configuration.addBatch();
                    out.add(new Seeded(node + "-a" + i, key));
                }
                configuration.executeBatch();
            }
            db.commit();
        }
        return out;
    }

    /** The address {@code host} places after the network address of {@code prefix}, formatted as the controller does (RFC 5952). */
    static String address(String prefix, long host) throws Exception {
        InetAddress network = InetAddress.getByName(prefix.substring(0, prefix.indexOf('/')));
        BigInteger value = new BigInteger(1, network.getAddress()).add(BigInteger.valueOf(host));
        if (network.getAddress().length == 4) {
            long v = value.longValueExact();
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        }
        int[] h = new int[8];
        for (int i = 7; i >= 0; i--) {
            h[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (h[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && h[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(h[i]));
        }
        return out.toString();
    }

    /** Public keys (hex, as the UAPI has them) of the node's configurations in the database. */
    static Set<String> databasePeers(String profile, String node) throws Exception {
        Set<String> keys = new java.util.HashSet<>();
        try (Connection db = HotPathBench.db(); PreparedStatement select = db.prepareStatement("SELECT c.wg_public_key FROM vpn_configuration c"
                + " JOIN account a ON a.id = c.account_id WHERE c.profile_id = ? AND c.node_name = ? AND a.enabled")) {
            select.setString(1, profile);
            select.setString(2, node);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(HexFormat.of().formatHex(Base64.getDecoder().decode(rows.getString(1))));
                }
            }
        }
        return keys;
    }

    /** Raw `wg syncconf` of the node's configurations onto a fresh wireguard-go interface in the node's namespace; ms. */
    static double rawSyncconf(String ns, String profile, String node) throws Exception {
        StringBuilder conf = new StringBuilder("[Interface]\nPrivateKey = " + randomKey() + "\nListenPort = 51899\n");
        try (Connection db = HotPathBench.db(); PreparedStatement select = db.prepareStatement("SELECT c.wg_public_key, c.ipv4, c.ipv6"
                + " FROM vpn_configuration c JOIN account a ON a.id = c.account_id WHERE c.profile_id = ? AND c.node_name = ? AND a.enabled")) {
            select.setString(1, profile);
            select.setString(2, node);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    conf.append("\n[Peer]\nPublicKey = ").append(rows.getString(1)).append("\nAllowedIPs = ").append(rows.getString(2))
                            .append("/32, ").append(rows.getString(3)).append("/128\n");
                }
            }
        }
        Path file = Files.writeString(dir.resolve("raw.conf"), conf);
        String raw = prefix + "-raw";
        Process go = new ProcessBuilder("ip", "netns", "exec", ns, "wireguard-go", "-f", raw)
                .redirectErrorStream(true).redirectOutput(dir.resolve("raw-wireguard-go.log").toFile()).start();
        others.add(go);
        if (!waitUntil(Duration.ofSeconds(20), () -> Files.exists(Path.of("/run/wireguard", raw + ".sock")))) {
            throw new IllegalStateException("raw wireguard-go did not start");
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "wg", "syncconf", raw, file.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wg syncconf failed");
        }
        double ms = (System.nanoTime() - start) / 1e6;
        go.destroy();
        go.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(Path.of("/run/wireguard", raw + ".sock"));
        return ms;
    }

    /** The peers (hex public keys) of a node's interface, read from wireguard-go's socket; empty when it has none. */
    static Set<String> peers(int node, String iface) {
        Path socket = nodeDir(node).resolve("run-wireguard").resolve(iface + ".sock");
        Set<String> keys = new java.util.HashSet<>();
        if (!Files.exists(socket)) {
            return keys;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("get=1\n\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder text = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                text.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
                int length = text.length();
                if (length >= 2 && text.charAt(length - 1) == '\n' && text.charAt(length - 2) == '\n'
                        && text.lastIndexOf("errno=", length - 2) >= Math.max(0, length - 24)) {
                    break;
                }
            }
            text.toString().lines().filter(l -> l.startsWith("public_key=")).forEach(l -> keys.add(l.substring(11)));
        } catch (IOException e) {
            // wireguard-go going away or not there yet: no peers
        }
        return keys;
    }

    static void startAgent(int i) throws IOException {
        Files.createDirectories(Path.of("/run/wireguard"));
        Path runDir = nodeDir(i).resolve("run-wireguard");
        Files.createDirectories(runDir);
        String script = "mount --bind " + runDir + " /run/wireguard && exec java -Xms16m -Xmx40m -XX:+UseSerialGC"
                + " -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=40m -Xss512k -jar " + agentJar + " "
                + nodeDir(i).resolve("agent.properties");
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir(i).resolve("agent.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        agents.put(i, p);
    }

    static void killAgent(int i) throws InterruptedException {
        Process agent = agents.remove(i);
        if (agent != null) {
            agent.descendants().forEach(ProcessHandle::destroyForcibly);
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kills every process in network namespace {@code ns} (its wireguard-go). */
    static void killAll(String ns) {
        try {
            Process pids = new ProcessBuilder("ip", "netns", "pids", ns).start();
            String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pids.waitFor();
            for (String pid : out.split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Thread.sleep(300);
        } catch (Exception e) {
            // best effort
        }
    }

    static synchronized void cleanUp() {
        for (int i : List.copyOf(agents.keySet())) {
            try {
                killAgent(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        others.forEach(Process::destroyForcibly);
        for (String ns : List.copyOf(namespaces)) {
            killAll(ns);
            try {
                new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
            } catch (Exception e) {
                // best effort
            }
            namespaces.remove(ns);
        }
        if (prefix != null) {
            try {
                Files.deleteIfExists(Path.of("/run/wireguard", prefix + "-raw.sock"));
            } catch (IOException e) {
                // best effort
            }
        }
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static void createProfile(String id, String ipv4, String node1, String node2) throws Exception {
        String net6 = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        check(admin("POST", "/api/admin/profiles", """
                {"profile_id": "%s", "display_name": "Bench %s", "protocols": ["wireguard"],
                 "wireguard": {"ipv4_range": "%s", "ipv6_range": "fd%s:%s::/64", "port": %d},
                 "dns_servers": [], "routes": ["10.231.100.0/24"], "default_gateway": false, "nodes": ["%s", "%s"]}"""
                .formatted(id, id, ipv4, net6.substring(0, 2), net6, 52000 + ThreadLocalRandom.current().nextInt(1000), node1, node2)), 201);
    }

    static String interfaceName(String profileId) throws Exception {
        String plain = "wg-" + profileId;
        if (plain.length() <= 15 && profileId.matches("[a-z0-9-]+")) {
            return plain;
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(profileId.getBytes(StandardCharsets.UTF_8));
        return "wg-" + HexFormat.of().formatHex(digest).substring(0, 12);
    }

    static String nodeState(String name) {
        try {
            String list = admin("GET", "/api/admin/nodes", null).body().replace(" ", "");
            int at = list.indexOf("\"name\":\"" + name + "\"");
            if (at < 0) {
                return "absent";
            }
            int state = list.indexOf("\"state\":\"", at);
            return state < 0 ? "unknown" : list.substring(state + 9, list.indexOf('"', state + 9));
        } catch (Exception e) {
            return e.toString();
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(HotPathBench.base + path)).header("Authorization", adminAuth)
                .timeout(Duration.ofSeconds(60));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HotPathBench.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": HTTP "
                + response.statusCode() + " " + response.body());
    }

    static Path nodeDir(int i) {
        return dir.resolve("node" + i);
    }

    static String agentLog(int i) {
        try {
            String log = Files.readString(nodeDir(i).resolve("agent.log"));
            return log.substring(Math.max(0, log.length() - 3000));
        } catch (IOException e) {
            return "(none)";
        }
    }

    static void sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        }
    }

    static boolean waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    static String randomKey() {
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
