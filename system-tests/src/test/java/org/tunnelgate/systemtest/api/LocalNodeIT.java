package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.LocalNodeClient.run;
import static org.tunnelgate.systemtest.api.LocalNodeClient.runWithInput;
import static org.tunnelgate.systemtest.api.LocalNodeClient.value;
import static org.tunnelgate.systemtest.api.LocalNodeClient.waitUntil;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * Single-machine mode: {@code ./tunnelgate start} as root enrolls and runs a local node serving the
 * example profiles, so a configuration from the API works with nothing else set up. The harness
 * runs the node's data plane in its namespace tg&lt;B&gt;-node, linked to tg&lt;B&gt;-client where this
 * test runs a real WireGuard client (wireguard-go) with the configuration the API handed out.
 */
class LocalNodeIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = system.httpClient();
    private final LocalNodeClient client = new LocalNodeClient(system, 'c');

    @Test
    void theLocalNodeIsEnrolledUpAndCarriesAWireGuardConfigurationFromTheApi() throws Exception {
        assertThat(system.hasLocalNode()).as("./tunnelgate start ran a local node (tests run as root)").isTrue();
        assertThat(waitUntil(Duration.ofSeconds(60), () -> localNodeState().equals("up")))
                .as("node \"local\" is up: %s", nodes()).isTrue();
        assertThat(nodes()).contains("\"agent_url\":\"https://127.0.0.1:" + system.localNodePort() + "\"");

        String user = Users.createUser(system, "local-node");
        PortalClient browser = Users.loggedIn(system, user);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(browser);
        Path key = Files.createTempFile("tg-local-node", ".key");
        String privateKey = run("wg", "genkey").strip();
        Files.writeString(key, privateKey + "\n");
        String publicKey = runWithInput(privateKey + "\n", "wg", "pubkey").strip();
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", "employees", "public_key", publicKey),
                VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        String configuration = connect.body();
        assertThat(value(configuration, "Endpoint")).isEqualTo(system.publicHost() + ":51820");

        client.wireGuard(configuration, key);
        assertThat(waitUntil(Duration.ofSeconds(20), () -> client.ping("10.43.0.1")))
                .as("the client pings the node's end of the tunnel through it").isTrue();

        assertThat(app.disconnect(tokens.accessToken()).statusCode()).isEqualTo(204);
        assertThat(waitUntil(Duration.ofSeconds(10), () -> !client.ping("10.43.0.1")))
                .as("after /disconnect the node no longer carries the peer").isTrue();
        Files.deleteIfExists(key);
    }

    @Test
    void theLocalNodeAlsoCarriesAnOpenVpnConfigurationFromTheApi() throws Exception {
        assertThat(system.hasLocalNode()).as("./tunnelgate start ran a local node (tests run as root)").isTrue();
        assertThat(waitUntil(Duration.ofSeconds(60), () -> localNodeState().equals("up"))).as("node \"local\" is up: %s", nodes()).isTrue();
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(Users.loggedIn(system, Users.createUser(system, "local-ovpn")));
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", "employees"), VpnApp.OPENVPN);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        assertThat(connect.body()).contains("remote " + system.publicHost() + " 1194 udp", "remote " + system.publicHost() + " 1194 tcp");

        Path config = Files.createTempFile("tg-local-node", ".ovpn");
        Files.writeString(config, connect.body());
        Path log = Files.createTempFile("tg-local-node", ".log");
        client.openVpn(config, log);
        assertThat(waitUntil(Duration.ofSeconds(60), () -> client.ping("10.42.0.1")))
                .as("the client pings the node's end of the OpenVPN tunnel through it; client log: %s", Files.readString(log)).isTrue();

        assertThat(app.disconnect(tokens.accessToken()).statusCode()).isEqualTo(204);
        assertThat(waitUntil(Duration.ofSeconds(10), () -> !client.ping("10.42.0.1")))
                .as("after /disconnect the node disconnected the client").isTrue();
        Files.deleteIfExists(config);
        Files.deleteIfExists(log);
    }

    /**
     * Every WireGuard {@code /connect} pushes to the node synchronously (the new peer in, the app's
     * previous one out). Those pushes travel on connections the controller keeps open, also when
     * several apps connect at once: counted from the outside with {@code ss} — every TCP connection
     * to the agent's port in any state (a closed one stays visible in TIME-WAIT for a minute) —
     * 8 apps connecting 5 times each at the same time (about 80 pushes) open at most one connection
     * per concurrent call, not one TLS handshake per push. (JAX-RS over HttpURLConnection kept at most
     * 5 idle connections per address and handshook again beyond that.)
     */
    @Test
    void pushesToTheNodeTravelOnConnectionsKeptOpen() throws Exception {
        assertThat(system.hasLocalNode()).as("./tunnelgate start ran a local node (tests run as root)").isTrue();
        assertThat(waitUntil(Duration.ofSeconds(60), () -> localNodeState().equals("up"))).as("node \"local\" is up: %s", nodes()).isTrue();
        List<VpnApp.Tokens> apps = new ArrayList<>();
        VpnApp app = new VpnApp(system);
        for (int i = 0; i < 8; i++) {
            apps.add(app.authorize(Users.loggedIn(system, Users.createUser(system, "local-pushes"))));
        }
        var first = app.connect(apps.get(0).accessToken(), Map.of("profile_id", "employees", "public_key", randomKey()), VpnApp.WIREGUARD);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        Set<String> before = agentConnections();
        ExecutorService pool = Executors.newFixedThreadPool(apps.size());
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (VpnApp.Tokens tokens : apps) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", "employees", "public_key", randomKey()),
                                VpnApp.WIREGUARD);
                        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
                    }
                    return 5;
                }));
            }
            for (Future<Integer> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> opened = new TreeSet<>(agentConnections());
        opened.removeAll(before);
        System.out.printf("LocalNodeIT: %d connections to the agent opened during 40 concurrent connects%n", opened.size());

        assertThat(opened).as("connections to the agent opened during 40 connects of 8 apps at once (about 80 pushes)")
                .hasSizeLessThanOrEqualTo(10);
        for (VpnApp.Tokens tokens : apps) {
            assertThat(app.disconnect(tokens.accessToken()).statusCode()).isEqualTo(204);
        }
    }

    /** The other end (address:port) of every TCP connection to the local agent's API, in any state. */
    private Set<String> agentConnections() throws IOException, InterruptedException {
        String agent = "127.0.0.1:" + system.localNodePort();
        Set<String> ends = new TreeSet<>();
        for (String line : run("ss", "-H", "-t", "-a", "-n").lines().toList()) {
            String[] f = line.replace("[::ffff:", "").replace("]", "").trim().split("\\s+");
            if (f.length >= 5 && !f[0].equals("LISTEN") && (f[3].endsWith(agent) || f[4].endsWith(agent))) {
                ends.add(f[3].endsWith(agent) ? f[4] : f[3]);
            }
        }
        return ends;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void theLocalAgentListensOnLoopbackOnly() throws Exception {
        assertThat(system.hasLocalNode()).isTrue();
        String ss = run("ss", "-H", "-l", "-t", "-u", "-n", "-p");
        String pid = "pid=" + system.localNodeAgentPid() + ",";
        List<String> agentSockets = ss.lines().filter(l -> l.contains(pid)).toList();
        assertThat(agentSockets).as("the agent's sockets").isNotEmpty()
                .allMatch(l -> l.matches(".*\\s(\\[::ffff:)?127\\.0\\.0\\.1\\]?:" + system.localNodePort() + "\\s.*"), "only its API, on loopback");
    }

    @AfterEach
    void dropTheClient() {
        client.close();
    }

    // --- helpers -------------------------------------------------------------------------------

    private String localNodeState() {
        String all = nodes();
        int at = all.indexOf("\"name\":\"local\"");
        if (at < 0) {
            return "missing";
        }
        String rest = all.substring(at);
        int state = rest.indexOf("\"state\":\"");
        return state < 0 ? "unknown" : rest.substring(state + 9, rest.indexOf('"', state + 9));
    }

    private String nodes() {
        try {
            var response = http.send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/nodes")).GET()
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.body().replace(" ", "");
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
