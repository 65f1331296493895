package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * Configurations that carry traffic: the real controller (Payara + MariaDB) and two real node
 * agents, each enrolled through the real flow (admin registers the node, the agent's {@code enroll}
 * sends its CSR with the one-time token), each with its data plane (wireguard-go) in a network
 * namespace of its own, and a client namespace joined to both. A WireGuard configuration from the
 * VPN-app API pings an address behind the node through the tunnel; placement spreads apps over the
 * nodes; removing the configuration removes the peer from the node. A node that dies is marked
 * down within 10 s and the next configuration goes to the other node; when it comes back empty the
 * controller gives it its peers again and the stranded configuration works again. An app that
 * reconnects with a new key leaves only its new peer on the node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeDataPlaneIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private static final Path AGENT_JAR = Path.of(System.getProperty("tunnelgate.agent.jar",
            "../node-agent/target/tunnelgate-node-agent.jar")).toAbsolutePath();
    private static final HttpClient http = system.httpClient();

    private static NodeLab lab;
    private static String profileId;
    private static final String[] nodes = new String[3];
    private static final int[] agentPorts = new int[3];
    private static int openVpnPort;
    /** A WireGuard-only profile on node 1 with one client address (a /30) and configurations that live 5 minutes. */
    private static String expiryProfileId;
    private static App expiring;
    private static Instant expiresAt;
    /** A WireGuard-only profile on node 1 alone: an app that reconnects to it stays on that node. */
    private static String oneNodeProfileId;

    @BeforeAll
    static void twoEnrolledNodesServeAProfile() throws Exception {
        assertThat(AGENT_JAR).as("the node agent jar (built by the reactor)").exists();
        lab = new NodeLab();
        for (int i = 1; i <= 2; i++) {
            nodes[i] = lab.prefix + "-n" + i;
            agentPorts[i] = NodeLab.freeLoopbackPort(49500, 49999, i == 2 ? agentPorts[1] : -1);
            var registered = admin("POST", "/api/admin/nodes", """
                    {"name": "%s", "agent_url": "https://127.0.0.1:%d", "public_host": "%s",
                     "location": "lab %d", "capacity": 100}""".formatted(nodes[i], agentPorts[i], NodeLab.nodeIp(i), i));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            String token = VpnApp.jsonString(registered.body(), "enrollment_token").orElseThrow();
            assertThat(VpnApp.jsonString(registered.body(), "enroll_command").orElseThrow()).contains("enroll", token);

            var enrolled = lab.enroll(i, AGENT_JAR, controllerUrl(), token, system.caFile());
            assertThat(enrolled.exit()).as(enrolled.output()).isZero();
            assertThat(Files.readString(lab.nodeDir(i).resolve("agent.properties")))
                    .contains("listen = 127.0.0.1:" + agentPorts[i], "netns = " + lab.node(i), "tunnelgate-controller");
            var again = lab.enroll(i, AGENT_JAR, controllerUrl(), token, system.caFile());
            assertThat(again.exit()).as("a used token enrolls nothing: %s", again.output()).isEqualTo(2);
            assertThat(again.output()).contains("refused the token");
            lab.startAgent(i, AGENT_JAR);
        }
        profileId = "nodes-" + lab.prefix;
        String net6 = Integer.toHexString(ThreadLocalRandom.current().nextInt(0xffff));
        openVpnPort = 54000 + ThreadLocalRandom.current().nextInt(1000);
        var profile = admin("POST", "/api/admin/profiles", """
                {"profile_id": "%s", "display_name": "Nodes lab", "protocols": ["wireguard", "openvpn"],
                 "wireguard": {"ipv4_range": "10.232.0.0/24", "ipv6_range": "fd32:%s::/64", "port": %d},
                 "openvpn": {"ipv4_range": "10.233.0.0/24", "ipv6_range": "fd33:%s::/64", "udp_ports": [%d], "tcp_ports": [%d]},
                 "dns_servers": [], "routes": ["10.231.100.0/24"], "default_gateway": false, "nodes": ["%s", "%s"]}"""
                .formatted(profileId, net6, 53000 + ThreadLocalRandom.current().nextInt(1000), net6, openVpnPort, openVpnPort,
                        nodes[1], nodes[2]));
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(201);
        expiryProfileId = "expiry-" + lab.prefix;
        var expiry = admin("POST", "/api/admin/profiles", """
                {"profile_id": "%s", "display_name": "Expiry lab", "protocols": ["wireguard"],
                 "wireguard": {"ipv4_range": "10.234.0.0/30", "ipv6_range": "fd34:%s::/64", "port": %d},
                 "dns_servers": [], "routes": ["10.231.100.0/24"], "default_gateway": false, "session_expiry": "PT5M",
                 "nodes": ["%s"]}"""
                .formatted(expiryProfileId, net6, 52000 + ThreadLocalRandom.current().nextInt(1000), nodes[1]));
        assertThat(expiry.statusCode()).as(expiry.body()).isEqualTo(201);
        oneNodeProfileId = "one-" + lab.prefix;
        var oneNode = admin("POST", "/api/admin/profiles", """
                {"profile_id": "%s", "display_name": "One node lab", "protocols": ["wireguard"],
                 "wireguard": {"ipv4_range": "10.235.0.0/24", "ipv6_range": "fd35:%s::/64", "port": %d},
                 "dns_servers": [], "routes": ["10.231.100.0/24"], "default_gateway": false, "nodes": ["%s"]}"""
                .formatted(oneNodeProfileId, net6, 51000 + ThreadLocalRandom.current().nextInt(1000), nodes[1]));
        assertThat(oneNode.statusCode()).as(oneNode.body()).isEqualTo(201);
        for (int i = 1; i <= 2; i++) {
            int n = i;
            assertThat(NodeLab.waitUntil(Duration.ofSeconds(60), () -> nodeIsUp(nodes[n])))
                    .as("node %s up; nodes: %s; agent log: %s", nodes[n], nodeList(), lab.agentLog(n)).isTrue();
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (profileId != null) {
                admin("DELETE", "/api/admin/profiles/" + profileId, null);
            }
            if (expiryProfileId != null) {
                admin("DELETE", "/api/admin/profiles/" + expiryProfileId, null);
            }
            if (oneNodeProfileId != null) {
                admin("DELETE", "/api/admin/profiles/" + oneNodeProfileId, null);
            }
            for (int i = 1; i <= 2; i++) {
                if (nodes[i] != null) {
                    admin("DELETE", "/api/admin/nodes/" + nodes[i], null);
                }
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    @Order(1)
    void aWireGuardConfigurationFromTheApiCarriesTrafficThroughTheNodeItNames() throws Exception {
        App first = connectedApp("first");
        int firstNode = nodeOf(first.configuration);
        assertThat(nodeInDatabase(first)).isEqualTo(nodes[firstNode]);
        lab.clientTunnel(first.configuration, first.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15)))
                .as("ping through node %d; agent log: %s", firstNode, lab.agentLog(firstNode)).isTrue();

        // the connection log knows who had the address, through which node, from where
        String address = NodeLab.value(first.configuration, "Address").split(",")[0].trim().split("/")[0];
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(30), () -> connectionsAt(address, null).contains("\"account\":\"" + first.user + "\"")))
                .as("the connection log names %s for %s: %s", first.user, address, connectionsAt(address, null)).isTrue();
        assertThat(connectionsAt(address, null)).contains("\"node\":\"" + nodes[firstNode] + "\"", "\"protocol\":\"wireguard\"",
                "\"origin\":\"10.231." + firstNode + ".2\"");
        assertThat(connectionsAt(address, "2020-01-01T00:00:00Z")).isEqualTo("{\"connections\":[]}");

        // the nodes' numbers for a Prometheus scraper that logs in as an admin
        var metrics = admin("GET", "/api/admin/metrics/nodes", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(metrics.body()).contains("tunnelgate_node_up{node=\"" + nodes[1] + "\"} 1",
                "tunnelgate_node_up{node=\"" + nodes[2] + "\"} 1",
                "tunnelgate_node_wireguard_peers{node=\"" + nodes[firstNode] + "\",profile=\"" + profileId + "\"} 1",
                "tunnelgate_node_agent_calls_total{node=\"" + nodes[firstNode] + "\"}");
        assertThat(http.send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/metrics/nodes")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("only for admins").isEqualTo(401);
        assertThat(admin("GET", "/api/admin/connections?address=nonsense", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/admin/connections?address=" + address + "&at=yesterday", null).statusCode()).isEqualTo(400);

        // placement: the other node now carries fewer peers, so the next app goes there
        App second = connectedApp("second");
        int secondNode = nodeOf(second.configuration);
        assertThat(secondNode).isNotEqualTo(firstNode);
        lab.dropClientTunnel();
        lab.clientTunnel(second.configuration, second.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15)))
                .as("ping through node %d; agent log: %s", secondNode, lab.agentLog(secondNode)).isTrue();

        // removal is pushed: after /disconnect the node no longer has the peer, the tunnel is dead
        assertThat(second.app.disconnect(second.tokens.accessToken()).statusCode()).isEqualTo(204);
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(5), () -> !lab.ping(NodeLab.BEHIND)))
                .as("the removed peer no longer gets through").isTrue();
        lab.dropClientTunnel();
        assertThat(first.app.disconnect(first.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(2)
    void enrollmentWithAForgedExpiredOrMalformedTokenIsRefusedAndChangesNothing() throws Exception {
        var forged = enroll("{\"token\": \"" + "A".repeat(43) + "\", \"csr\": \"x\"}", "application/json");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).contains("unknown, used or expired");
        assertThat(enroll("{\"token\": 5}", "application/json").statusCode()).isEqualTo(400);
        assertThat(enroll("{\"token\": \"x\", \"csr\": \"y\", \"extra\": 1}", "application/json").statusCode()).isEqualTo(400);
        assertThat(enroll("not json", "application/json").statusCode()).isEqualTo(400);
        assertThat(enroll("token=x", "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);

        String name = "expired-" + lab.prefix;
        var registered = admin("POST", "/api/admin/nodes", """
                {"name": "%s", "agent_url": "https://127.0.0.1:49999", "public_host": "10.231.9.1"}""".formatted(name));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String token = VpnApp.jsonString(registered.body(), "enrollment_token").orElseThrow();
        try (Connection db = Users.database(system);
             PreparedStatement age = db.prepareStatement(
                     "UPDATE vpn_node SET enrollment_expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE name = ?")) {
            age.setString(1, name);
            assertThat(age.executeUpdate()).isEqualTo(1);
        }
        var expired = lab.enroll(1, AGENT_JAR, controllerUrl(), token, system.caFile());
        assertThat(expired.exit()).as(expired.output()).isEqualTo(2);
        assertThat(expired.output()).contains("refused the token");
        assertThat(certificateSerial(name)).as("nothing recorded for the expired token").isNull();

        var badCsr = admin("POST", "/api/admin/nodes/" + name + "/token", null);
        String fresh = VpnApp.jsonString(badCsr.body(), "enrollment_token").orElseThrow();
        var garbage = enroll("{\"token\": \"" + fresh + "\", \"csr\": \"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----\"}",
                "application/json");
        assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
        assertThat(certificateSerial(name)).isNull();

        var badRegistration = admin("POST", "/api/admin/nodes",
                "{\"name\": \"Bad Name\", \"agent_url\": \"http://x\", \"public_host\": \"-\", \"capacity\": 0}");
        assertThat(badRegistration.statusCode()).isEqualTo(400);
        assertThat(badRegistration.body()).contains("name must be", "agent_url must be", "public_host", "capacity");
        assertThat(admin("DELETE", "/api/admin/nodes/" + name, null).statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/api/admin/nodes/" + nodes[1], null).statusCode())
                .as("a node that profiles still name stays").isEqualTo(409);
    }

    @Test
    @Order(3)
    void aDeadNodeIsMarkedDownItsNextConnectGoesElsewhereAndItsPeersReturnWhenItComesBackEmpty() throws Exception {
        App stranded = connectedApp("stranded");
        int dead = nodeOf(stranded.configuration);
        int survivor = 3 - dead;
        lab.clientTunnel(stranded.configuration, stranded.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).isTrue();
        lab.dropClientTunnel();

        long killed = System.nanoTime();
        lab.killNode(dead);
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(10), () -> nodeState(nodes[dead]).equals("down")))
                .as("node %d marked down within 10 s; nodes: %s", dead, nodeList()).isTrue();
        System.out.printf("NodeDataPlaneIT: node %s marked down %d ms after it died%n", nodes[dead],
                (System.nanoTime() - killed) / 1_000_000);

        long before = System.nanoTime();
        App next = connectedApp("next");
        System.out.printf("NodeDataPlaneIT: /connect with one node down took %d ms (login and authorization included)%n",
                (System.nanoTime() - before) / 1_000_000);
        assertThat(nodeOf(next.configuration)).as("the next configuration is on the surviving node").isEqualTo(survivor);
        lab.clientTunnel(next.configuration, next.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).isTrue();
        lab.dropClientTunnel();

        // the node comes back with no state at all (its WireGuard key files survive, as on a rebooted
        // node whose state.json was lost): the controller gives it its peers again within one period
        long repairs = repairsOf(nodes[dead]);
        lab.restartAgentEmpty(dead, AGENT_JAR);
        lab.clientTunnel(stranded.configuration, stranded.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(20)))
                .as("the stranded configuration works again through node %d; agent log: %s", dead, lab.agentLog(dead)).isTrue();
        // the probe that restored the peers records the node up right after the state was applied
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(10), () -> nodeState(nodes[dead]).equals("up")))
                .as("node %d up again; nodes: %s", dead, nodeList()).isTrue();
        assertThat(repairsOf(nodes[dead])).as("the repair is recorded").isGreaterThan(repairs);
        lab.dropClientTunnel();
        assertThat(stranded.app.disconnect(stranded.tokens.accessToken()).statusCode()).isEqualTo(204);
        assertThat(next.app.disconnect(next.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    private static long repairsOf(String node) throws Exception {
        try (Connection db = Users.database(system);
             PreparedStatement select = db.prepareStatement("SELECT COUNT(*) FROM node_repair WHERE node_name = ?")) {
            select.setString(1, node);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String nodeState(String name) {
        String list = nodeList();
        int at = list.indexOf("\"name\":\"" + name + "\"");
        int end = at < 0 ? -1 : list.indexOf("\"peers\"", at);
        if (end < 0) {
            return "absent";
        }
        var m = java.util.regex.Pattern.compile("\"state\":\"([a-z]+)\"").matcher(list.substring(at, end));
        return m.find() ? m.group(1) : "none";
    }

    @Test
    @Order(4)
    void disablingTheAccountStopsItsWireGuardTrafficWithinFiveSeconds() throws Exception {
        App app = connectedApp("disabled");
        int node = nodeOf(app.configuration);
        lab.clientTunnel(app.configuration, app.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).isTrue();

        PortalClient admin = new PortalClient(system.httpsUrl("/"), Users.http11());
        assertThat(admin.login(system.adminUser(), system.adminPassword()).status()).isEqualTo(200);
        var page = admin.open("/admin/user?name=" + java.net.URLEncoder.encode(app.user, StandardCharsets.UTF_8));
        long disabled = System.nanoTime();
        var result = admin.submit(page, "account", Map.of(), "account:disable");
        assertThat(result.status()).as("disable %s: %s", app.user, result).isEqualTo(302);
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(5), () -> !lab.ping(NodeLab.BEHIND)))
                .as("no traffic through node %d 5 s after the account was disabled", node).isTrue();
        System.out.printf("NodeDataPlaneIT: traffic stopped %d ms after the account was disabled%n",
                (System.nanoTime() - disabled) / 1_000_000);
        assertThat(lab.ping(NodeLab.BEHIND)).as("and it stays stopped").isFalse();
        lab.dropClientTunnel();
    }

    @Test
    @Order(5)
    void anOpenVpnConfigurationFromTheApiCarriesTrafficOverUdpAndOverTcpAndTheLogNamesWhoHadTheAddress() throws Exception {
        OpenVpnApp app = openVpnApp("ovpn");
        String configuration = app.configuration;
        // the chosen node first, the profile's other healthy node as a further remote, UDP and TCP
        assertThat(configuration.lines().filter(l -> l.startsWith("remote ")).toList()).containsExactlyInAnyOrder(
                "remote " + NodeLab.nodeIp(1) + " " + openVpnPort + " udp", "remote " + NodeLab.nodeIp(2) + " " + openVpnPort + " udp",
                "remote " + NodeLab.nodeIp(1) + " " + openVpnPort + " tcp", "remote " + NodeLab.nodeIp(2) + " " + openVpnPort + " tcp");
        for (String proto : new String[] {"udp", "tcp"}) {
            lab.openVpnClient(configuration, proto);
            assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(60)))
                    .as("ping through OpenVPN over %s; client log: %s%nagent logs: %s%n%s", proto, lab.openVpnClientLog(),
                            lab.agentLog(1), lab.agentLog(2)).isTrue();
            String address = lab.openVpnAddress();
            assertThat(address).startsWith("10.233.0.");
            assertThat(NodeLab.waitUntil(Duration.ofSeconds(15), () -> connectionsAt(address, null).contains("\"account\":\"" + app.user + "\"")))
                    .as("the connection log names %s for %s: %s", app.user, address, connectionsAt(address, null)).isTrue();
            assertThat(connectionsAt(address, null)).contains("\"protocol\":\"openvpn\"", "\"origin\":\"10.231.");
            var node = java.util.regex.Pattern.compile("\"node\":\"([^\"]+)\"").matcher(connectionsAt(address, null));
            assertThat(node.find()).isTrue();
            assertThat(admin("GET", "/api/admin/metrics/nodes", null).body())
                    .as("the metrics count the OpenVPN client next to the WireGuard peers")
                    .contains("tunnelgate_node_openvpn_clients{node=\"" + node.group(1) + "\",profile=\"" + profileId + "\"} 1\n");
            // the client announces its exit over UDP (explicit-exit-notify) as TCP does by closing the
            // connection: the node reports the disconnect at once, not at the server's keepalive timeout (2 minutes)
            long left = System.nanoTime();
            lab.dropOpenVpnClient();
            assertThat(NodeLab.waitUntil(Duration.ofSeconds(15), () -> connectionsAt(address, null).contains("\"connections\":[]")))
                    .as("the session ends in the log when the client leaves over %s: %s", proto, connectionsAt(address, null)).isTrue();
            System.out.printf("NodeDataPlaneIT: OpenVPN over %s: the connection log closed the session %d ms after the client stopped%n",
                    proto, (System.nanoTime() - left) / 1_000_000);
            assertThat(admin("GET", "/api/admin/metrics/nodes", null).body())
                    .doesNotContain("tunnelgate_node_openvpn_clients{node=\"" + node.group(1) + "\",profile=\"" + profileId + "\"}");
        }
        assertThat(app.app.disconnect(app.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(6)
    void anOpenVpnClientWhoseFirstNodeDiedConnectsToTheOtherNodeByItself() throws Exception {
        OpenVpnApp app = openVpnApp("failover");
        String first = app.configuration.lines().filter(l -> l.startsWith("remote ")).findFirst().orElseThrow();
        int dead = first.contains(" " + NodeLab.nodeIp(1) + " ") ? 1 : 2;
        lab.killNode(dead);
        try {
            lab.openVpnClient(app.configuration, null);
            assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(90)))
                    .as("the client falls over from node %d to node %d; client log: %s", dead, 3 - dead, lab.openVpnClientLog())
                    .isTrue();
            assertThat(lab.openVpnClientLog()).contains(NodeLab.nodeIp(3 - dead));
            lab.dropOpenVpnClient();
        } finally {
            lab.restartAgentEmpty(dead, AGENT_JAR);
            assertThat(NodeLab.waitUntil(Duration.ofSeconds(30), () -> nodeIsUp(nodes[dead])))
                    .as("node %d up again; nodes: %s", dead, nodeList()).isTrue();
        }
        assertThat(app.app.disconnect(app.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(7)
    void disablingTheAccountStopsItsOpenVpnTrafficWithinFiveSeconds() throws Exception {
        OpenVpnApp app = openVpnApp("ovpn-disabled");
        lab.openVpnClient(app.configuration, "udp");
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(60))).as("client log: %s", lab.openVpnClientLog()).isTrue();

        var disabled = admin("POST", "/api/admin/users/" + app.user + "/disable", null);
        long at = System.nanoTime();
        assertThat(disabled.statusCode()).as(disabled.body()).isBetween(200, 204);
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(5), () -> !lab.ping(NodeLab.BEHIND)))
                .as("no OpenVPN traffic 5 s after the account was disabled; client log: %s", lab.openVpnClientLog()).isTrue();
        System.out.printf("NodeDataPlaneIT: OpenVPN traffic stopped %d ms after the account was disabled%n",
                (System.nanoTime() - at) / 1_000_000);
        assertThat(lab.ping(NodeLab.BEHIND)).as("and it stays stopped").isFalse();
        lab.dropOpenVpnClient();
    }

    @Test
    @Order(8)
    void theAdmissionCallsRefuseStrangersAndMalformedInputAndChangeNothing() throws Exception {
        int nodePort = system.nodePort().orElseThrow(() -> new AssertionError("the system has a node listener"));
        String authorize = "https://127.0.0.1:" + nodePort + "/node/openvpn/authorize";
        String valid = "{\"profile_id\":\"" + profileId + "\",\"common_name\":\"0123456789abcdef\",\"originating_ip\":\"10.231.1.2\","
                + "\"ip_four\":\"\",\"ip_six\":\"\"}";
        long logRows = count("SELECT COUNT(*) FROM connection_log");

        // the main HTTPS listener asks for no certificate: the calls home are refused there
        var noCertificate = http.send(HttpRequest.newBuilder(system.httpsUrl("/node/openvpn/authorize"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(valid)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noCertificate.statusCode()).as(noCertificate.body()).isEqualTo(403);
        // the node listener lets nobody without a node certificate through the handshake
        assertThat(NodeCalls.handshakeFails(authorize, system.caFile())).as("no client certificate").isTrue();

        NodeCalls node = NodeCalls.of(lab.nodeDir(1), system.caFile());
        var unknownClient = node.post(authorize, valid);
        assertThat(unknownClient.statusCode()).as(unknownClient.body()).isEqualTo(200);
        assertThat(unknownClient.body()).isEqualTo("{\"allowed\":false}");
        for (String bad : new String[] {"not json", "{}", valid.replace("}", ",\"extra\":1}"),
                valid.replace("\"10.231.1.2\"", "\"10.231.1.300\""), valid.replace("0123456789abcdef", "../etc"),
                valid.replace("\"ip_six\":\"\"", "\"ip_six\":\"10.0.0.1\""), "[]"}) {
            var refused = node.post(authorize, bad);
            assertThat(refused.statusCode()).as("%s → %s", bad, refused.body()).isEqualTo(400);
        }
        var badBytes = node.post(authorize.replace("authorize", "disconnected"), valid.replace("}", ",\"bytes_in\":-1,\"bytes_out\":0}"));
        assertThat(badBytes.statusCode()).isEqualTo(400);
        assertThat(node.post(authorize.replace("authorize", "connected"), valid).statusCode())
                .as("a report about a client nobody knows is taken and logs nothing").isEqualTo(204);

        // a removed node's certificate still chains to the node CA, but names no node any more
        String gone = "gone-" + lab.prefix;
        var registered = admin("POST", "/api/admin/nodes", """
                {"name": "%s", "agent_url": "https://127.0.0.1:49998", "public_host": "10.231.9.2"}""".formatted(gone));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var enrolled = lab.enroll(3, AGENT_JAR, controllerUrl(), VpnApp.jsonString(registered.body(), "enrollment_token").orElseThrow(),
                system.caFile());
        assertThat(enrolled.exit()).as(enrolled.output()).isZero();
        assertThat(Files.readString(lab.nodeDir(3).resolve("agent.properties"))).contains(":" + nodePort + "/node/");
        NodeCalls removed = NodeCalls.of(lab.nodeDir(3), system.caFile());
        assertThat(removed.post(authorize, valid).statusCode()).as("an enrolled node is heard").isEqualTo(200);
        assertThat(admin("DELETE", "/api/admin/nodes/" + gone, null).statusCode()).isEqualTo(204);
        var refusedNode = removed.post(authorize, valid);
        assertThat(refusedNode.statusCode()).as(refusedNode.body()).isEqualTo(403);
        assertThat(removed.post(authorize.replace("authorize", "connected"), valid).statusCode()).isEqualTo(403);

        assertThat(count("SELECT COUNT(*) FROM connection_log")).as("nothing was logged").isEqualTo(logRows);
    }

    @Test
    @Order(0)
    void aConfigurationThatExpiresSoonCarriesTrafficAndHoldsItsAddressWhileItLives() throws Exception {
        expiring = connectedApp("expiring", expiryProfileId);
        expiresAt = expiryOf(expiring);
        assertThat(Duration.between(Instant.now(), expiresAt)).as("the profile's session_expiry PT5M shortens the configuration's life")
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(nodeOf(expiring.configuration)).isEqualTo(1);
        assertThat(NodeLab.value(expiring.configuration, "Address")).startsWith("10.234.0.2/");
        assertThat(lab.wireGuardPeers(1)).as("the node carries the peer").contains(expiring.keys.publicKey());
        lab.clientTunnel(expiring.configuration, expiring.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15)))
                .as("ping through the expiring configuration; agent log: %s", lab.agentLog(1)).isTrue();
        lab.dropClientTunnel();

        // the profile's only client address is taken while the configuration lives
        String user = Users.createUser(system, "waiting");
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(Users.loggedIn(system, user));
        var refused = app.connect(tokens.accessToken(), Map.of("profile_id", expiryProfileId,
                "public_key", lab.keyPair("waiting").publicKey()), VpnApp.WIREGUARD);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("no free address");
    }

    @Test
    @Order(9)
    void aRenewedOpenVpnServerCertificateReachesTheNodeAtOnce() throws Exception {
        // node 1's server certificate enters its last month (as a year after its issue): the next state the
        // controller builds for the node re-issues it, and the node gets it at once, not at some later full push
        Path served = servedCertificate(1);
        String before = serverCertificate(nodes[1]);
        assertThat(Files.readString(served).strip()).isEqualTo(before.strip());
        long repairs = repairsOf(nodes[1]);
        try (Connection db = Users.database(system); PreparedStatement age = db.prepareStatement("UPDATE openvpn_server_credential"
                + " SET not_after = UTC_TIMESTAMP(6) + INTERVAL 10 DAY WHERE node_name = ? AND profile_id = ?")) {
            age.setString(1, nodes[1]);
            age.setString(2, profileId);
            assertThat(age.executeUpdate()).isEqualTo(1);
        }
        long aged = System.nanoTime();
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(20), () -> {
            String now = serverCertificate(nodes[1]);
            return !now.equals(before) && read(served).strip().equals(now.strip());
        })).as("the renewed certificate is on node 1 within 20 s; agent log: %s", lab.agentLog(1)).isTrue();
        System.out.printf("NodeDataPlaneIT: a renewed OpenVPN server certificate reached the node %d ms after it came due%n",
                (System.nanoTime() - aged) / 1_000_000);
        // (recorded once the agent answered the push: it writes the files first, then restarts openvpn)
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(10), () -> {
            try {
                return repairsOf(nodes[1]) > repairs;
            } catch (Exception e) {
                return false;
            }
        }))
                .as("the push is recorded with its reason").isTrue();
        assertThat(count("SELECT COUNT(*) FROM node_repair WHERE node_name = '" + nodes[1] + "' AND detail LIKE '%renewed%'"))
                .isPositive();

        // node 1's OpenVPN, restarted with the new certificate, takes clients
        OpenVpnApp app = openVpnApp("renewed");
        String onlyNode1 = app.configuration.lines().filter(l -> !l.startsWith("remote " + NodeLab.nodeIp(2) + " "))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        lab.openVpnClient(onlyNode1, "udp");
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(60))).as("client log: %s", lab.openVpnClientLog()).isTrue();
        lab.dropOpenVpnClient();
        assertThat(app.app.disconnect(app.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    /** The server certificate file of node i's OpenVPN processes for the profile (its UDP one). */
    private static Path servedCertificate(int i) throws Exception {
        try (var dirs = Files.list(lab.nodeDir(i).resolve("state").resolve("openvpn"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(profileId) && d.getFileName().toString().contains("udp"))
                    .map(d -> d.resolve("server.crt")).findFirst()
                    .orElseThrow(() -> new AssertionError("no OpenVPN process of " + profileId + " on node " + i));
        }
    }

    private static String serverCertificate(String node) {
        try (Connection db = Users.database(system); PreparedStatement select = db.prepareStatement(
                "SELECT certificate_pem FROM openvpn_server_credential WHERE node_name = ? AND profile_id = ?")) {
            select.setString(1, node);
            select.setString(2, profileId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    @Order(10)
    void aReconnectingAppsPreviousPeerLeavesTheNodeAndOnlyItsNewPeerIsThere() throws Exception {
        App app = connectedApp("reconnecting", oneNodeProfileId);
        assertThat(nodeOf(app.configuration)).isEqualTo(1);
        assertThat(peerLines(1, app.keys.publicKey())).as("node 1 carries the first peer").isEqualTo(1);

        // twice with a new key, to the profile's only node: the previous peer leaves with the new one's addition
        NodeLab.KeyPair previous = app.keys;
        String configuration = app.configuration;
        for (String label : new String[] {"reconnecting-2", "reconnecting-3"}) {
            NodeLab.KeyPair next = lab.keyPair(label);
            configuration = reconnect(app, oneNodeProfileId, next);
            assertThat(nodeOf(configuration)).isEqualTo(1);
            assertThat(peerLines(1, next.publicKey())).as("node 1 carries the new peer").isEqualTo(1);
            assertThat(peerLines(1, previous.publicKey())).as("node 1 no longer carries the replaced peer; peers: %s",
                    lab.wireGuardPeers(1)).isZero();
            previous = next;
        }
        // once more with the same key: the addition replaces the peer, and nothing removes it after that
        configuration = reconnect(app, oneNodeProfileId, previous);
        assertThat(peerLines(1, previous.publicKey())).as("node 1 still carries the peer with the same key").isEqualTo(1);
        lab.clientTunnel(configuration, previous.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15)))
                .as("ping through the reconnected peer; agent log: %s", lab.agentLog(1)).isTrue();
        lab.dropClientTunnel();

        // the same key for the two-node profile: the peer leaves node 1's other interface, whichever node gets the new one
        configuration = reconnect(app, profileId, previous);
        int now = nodeOf(configuration);
        assertThat(peerLines(now, previous.publicKey())).as("node %d carries the peer once: %s", now, lab.wireGuardPeers(now))
                .isEqualTo(1);
        assertThat(peerLines(3 - now, previous.publicKey())).as("node %d does not carry it", 3 - now).isZero();

        assertThat(app.app.disconnect(app.tokens.accessToken()).statusCode()).isEqualTo(204);
        assertThat(peerLines(1, previous.publicKey()) + peerLines(2, previous.publicKey())).as("gone after /disconnect").isZero();
    }

    /**
     * Reconciliation repairs a few differing peers one by one, not with the node's complete state
     * (which, under load, took peers added meanwhile off the node again): a peer the node lost comes
     * back after two runs that found it missing, a peer the database does not have goes at the next run.
     */
    @Test
    @Order(11)
    void aPeerLostOnANodeAndOneLeftBehindAreRepairedPeerByPeer() throws Exception {
        App app = connectedApp("lost-peer", oneNodeProfileId);
        String key = app.keys.publicKey();
        String line = lab.wireGuardPeers(1).lines().filter(l -> l.contains(key)).findFirst().orElseThrow();
        String iface = line.strip().split("\\s+")[0];
        String stray = lab.keyPair("stray-peer").publicKey();
        String peerByPeer = "SELECT COUNT(*) FROM node_repair WHERE node_name = '" + nodes[1] + "' AND detail LIKE '%peer by peer%'";
        String otherwise = "SELECT COUNT(*) FROM node_repair WHERE node_name = '" + nodes[1] + "' AND detail NOT LIKE '%peer by peer%'";
        long peerByPeerBefore = count(peerByPeer);
        long otherwiseBefore = count(otherwise);
        long removedAt = System.nanoTime();

        lab.wg(1, "set", iface, "peer", key, "remove");
        lab.wg(1, "set", iface, "peer", stray, "allowed-ips", "192.0.2.77/32");
        assertThat(peerLines(1, key)).as("the peer is gone behind the controller's back").isZero();

        assertThat(NodeLab.waitUntil(Duration.ofSeconds(15), () -> peerLines(1, stray) == 0))
                .as("the peer the database does not have leaves within a run; peers: %s", lab.wireGuardPeers(1)).isTrue();
        assertThat(NodeLab.waitUntil(Duration.ofSeconds(30), () -> peerLines(1, key) == 1))
                .as("the lost peer is back within two runs; peers: %s", lab.wireGuardPeers(1)).isTrue();
        System.out.printf("NodeDataPlaneIT: lost peer back %d ms after it was removed%n", (System.nanoTime() - removedAt) / 1_000_000);
        assertThat(count(peerByPeer)).as("recorded as repaired peer by peer").isGreaterThan(peerByPeerBefore);
        assertThat(count(otherwise)).as("no complete state was sent for it").isEqualTo(otherwiseBefore);
        lab.clientTunnel(app.configuration, app.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).as("the repaired peer carries traffic").isTrue();
        lab.dropClientTunnel();
        assertThat(app.app.disconnect(app.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    /** {@code /connect} again with the app's authorization: its previous configuration is replaced. */
    private static String reconnect(App app, String profile, NodeLab.KeyPair keys) {
        var connect = app.app.connect(app.tokens.accessToken(), Map.of("profile_id", profile, "public_key", keys.publicKey()),
                VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        return connect.body();
    }

    /** On how many of node i's interfaces WireGuard has a peer with that key ({@code wg show all peers}: interface, key). */
    private static long peerLines(int i, String publicKey) {
        return lab.wireGuardPeers(i).lines().filter(line -> line.contains(publicKey)).count();
    }

    @Test
    @Order(20)
    void anExpiredConfigurationStopsWorkingItsPeerLeavesTheNodeAndOnlyThenItsAddressIsReused() throws Exception {
        assertThat(expiring).as("the configuration of the first test").isNotNull();
        boolean seenLive = Instant.now().isBefore(expiresAt.minusSeconds(5));
        lab.clientTunnel(expiring.configuration, expiring.keys.privateKey());
        if (seenLive) {
            assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).as("still works before its expiry").isTrue();
        }
        // the expiry job runs once a minute: the peer goes within a period (and a tick, and the push) after the expiry
        Duration wait = Duration.between(Instant.now(), expiresAt).plusSeconds(90);
        assertThat(NodeLab.waitUntil(wait, () -> !lab.ping(NodeLab.BEHIND) && !lab.wireGuardPeers(1).contains(expiring.keys.publicKey())))
                .as("traffic stops and the peer leaves node 1 within 90 s of the expiry %s; peers: %s", expiresAt, lab.wireGuardPeers(1))
                .isTrue();
        Instant stopped = Instant.now();
        assertThat(stopped).as("not before the expiry").isAfter(expiresAt);
        System.out.printf("NodeDataPlaneIT: the expired configuration stopped %d ms after its expiry (%s)%n",
                Duration.between(expiresAt, stopped).toMillis(), seenLive ? "tunnel up before the expiry" : "checked after the expiry");
        assertThat(lab.ping(NodeLab.BEHIND)).as("and it stays stopped").isFalse();
        lab.dropClientTunnel();
        assertThat(count("SELECT COUNT(*) FROM vpn_configuration WHERE wg_public_key = '" + expiring.keys.publicKey() + "'"))
                .as("the configuration is gone from the database").isZero();

        // now, and only now, the address is free again: the next app gets it, and its tunnel works
        App next = connectedApp("reuser", expiryProfileId);
        assertThat(NodeLab.value(next.configuration, "Address")).startsWith("10.234.0.2/");
        lab.clientTunnel(next.configuration, next.keys.privateKey());
        assertThat(lab.pingsWithin(NodeLab.BEHIND, Duration.ofSeconds(15))).as("the reused address carries traffic").isTrue();
        lab.dropClientTunnel();
        assertThat(next.app.disconnect(next.tokens.accessToken()).statusCode()).isEqualTo(204);
    }

    private static Instant expiryOf(App app) throws Exception {
        try (Connection db = Users.database(system);
             PreparedStatement select = db.prepareStatement("SELECT expires_at FROM vpn_configuration WHERE wg_public_key = ?")) {
            select.setString(1, app.keys.publicKey());
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getObject(1, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    record OpenVpnApp(String user, VpnApp app, VpnApp.Tokens tokens, String configuration) {}

    private static OpenVpnApp openVpnApp(String label) throws Exception {
        String user = Users.createUser(system, label);
        PortalClient browser = Users.loggedIn(system, user);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(browser);
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", profileId), VpnApp.OPENVPN);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        return new OpenVpnApp(user, app, tokens, connect.body());
    }

    private static long count(String sql) throws Exception {
        try (Connection db = Users.database(system); PreparedStatement select = db.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    record App(String user, VpnApp app, VpnApp.Tokens tokens, NodeLab.KeyPair keys, String configuration) {}

    private static App connectedApp(String label) throws Exception {
        return connectedApp(label, profileId);
    }

    private static App connectedApp(String label, String profile) throws Exception {
        String user = Users.createUser(system, label);
        PortalClient browser = Users.loggedIn(system, user);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(browser);
        NodeLab.KeyPair keys = lab.keyPair(label);
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", profile, "public_key", keys.publicKey()),
                VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        return new App(user, app, tokens, keys, connect.body());
    }

    private static int nodeOf(String configuration) {
        String endpoint = NodeLab.value(configuration, "Endpoint");
        for (int i = 1; i <= 2; i++) {
            if (endpoint.startsWith(NodeLab.nodeIp(i) + ":")) {
                return i;
            }
        }
        throw new AssertionError("endpoint " + endpoint + " is neither node");
    }

    private static String nodeInDatabase(App app) throws Exception {
        try (Connection db = Users.database(system);
             PreparedStatement select = db.prepareStatement("SELECT node_name FROM vpn_configuration WHERE wg_public_key = ?")) {
            select.setString(1, app.keys.publicKey());
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static String certificateSerial(String node) throws Exception {
        try (Connection db = Users.database(system);
             PreparedStatement select = db.prepareStatement("SELECT cert_serial FROM vpn_node WHERE name = ?")) {
            select.setString(1, node);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static boolean nodeIsUp(String name) {
        String list = nodeList();
        int at = list.indexOf("\"name\":\"" + name + "\"");
        if (at < 0) {
            return false;
        }
        int end = list.indexOf("\"peers\"", at);
        return end > 0 && list.substring(at, end).contains("\"state\":\"up\"");
    }

    private static String nodeList() {
        try {
            return admin("GET", "/api/admin/nodes", null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String connectionsAt(String address, String at) {
        try {
            return admin("GET", "/api/admin/connections?address=" + address + (at == null ? "" : "&at=" + at), null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String controllerUrl() {
        return system.httpsUrl("/").toString().replaceAll("/$", "");
    }

    private static HttpResponse<String> enroll(String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(system.httpsUrl("/node/enroll")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.httpsUrl(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
