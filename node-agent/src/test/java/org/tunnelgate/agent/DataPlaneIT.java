package org.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.system.Wait;
import org.tunnelgate.agent.wireguard.Keys;

/**
 * The agent driving a real data plane: the agent runs in this JVM with its data plane (wireguard-go,
 * openvpn) in the node namespace of a {@link NetnsLab}; real WireGuard and OpenVPN clients run in
 * the client namespace. The tests build on each other in order, like an operator's day.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneIT {

    private static final Duration TUNNEL_WAIT = Duration.ofSeconds(20);
    // a tunnel that should already be up: one lost ping on a busy machine is not a failure
    private static final Duration SHORT_WAIT = Duration.ofSeconds(5);
    private static final String NODE_TUNNEL_IP = "10.214.0.1";
    private static final String UDP_SERVER_IP = "10.215.0.1";
    private static final String TCP_SERVER_IP = "10.215.1.1";

    private static NetnsLab lab;
    private static AgentFixture fixture;
    private static FakeController controller;
    private static ApiClient api;
    private static String wgNode;
    private static String wgClient;
    private static String clientPublicKey;
    private static String nodePublicKey;
    private static TestPki vpnCa;
    private static String tlsCrypt;
    private static long generation;

    @BeforeAll
    static void setUp() throws Exception {
        lab = new NetnsLab();
        fixture = new AgentFixture(lab.prefix + "-agent-");
        fixture.properties.setProperty("netns", lab.node);
        controller = new FakeController().refuse("mallory");
        fixture.start(controller);
        api = fixture.controller();
        wgNode = lab.prefix + "-wg";
        wgClient = lab.prefix + "-cw";
        vpnCa = new TestPki("VPN CA");
        tlsCrypt = staticKey();
    }

    @AfterAll
    static void tearDown() throws Exception {
        // agent first, then every process in the namespaces, then the files they were writing to
        try {
            if (fixture != null) fixture.stopAgent();
        } finally {
            try {
                if (lab != null) lab.close();
            } finally {
                if (fixture != null) fixture.close();
            }
        }
    }

    @Test
    @Order(1)
    void a_wireguard_client_pings_through_the_tunnel_of_a_one_peer_state() throws Exception {
        String clientKey = Keys.generatePrivate();
        clientPublicKey = Keys.publicKey(clientKey);

        var reply = apply(wireguardOnly(List.of(clientPublicKey)));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"applied\":true").contains("created (userspace)").contains("\"failures\":[]");
        nodePublicKey = wireguardStatus().string("public_key");
        startWireGuardClient(clientKey);
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, TUNNEL_WAIT)).as("ping through WireGuard").isTrue();
        var peers = api.get("/v1/wireguard/peers?interface=" + wgNode);
        assertThat(peers.body()).contains(clientPublicKey).contains("\"bytes_in\":").doesNotContain("PrivateKey");
        assertThat(Fields.of(peersOf(peers).get(0), "peer").integer("latest_handshake", 1, Long.MAX_VALUE)).isPositive();
    }

    @Test
    @Order(2)
    void re_applying_the_same_generation_changes_nothing() throws Exception {
        var reply = api.put("/v1/state", wireguardOnly(List.of(clientPublicKey)).replace(
                "\"generation\":" + (generation + 1), "\"generation\":" + generation));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"applied\":false").contains("\"changes\":[]");
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, SHORT_WAIT)).isTrue();
    }

    @Test
    @Order(3)
    void removing_the_peer_stops_the_traffic_and_adding_it_back_restores_it() throws Exception {
        var removed = api.post("/v1/wireguard/peers/remove",
                "{\"interface\":\"" + wgNode + "\",\"public_key\":\"" + clientPublicKey + "\",\"counters\":true}");

        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body()).contains("\"bytes_in\":");
        assertThat(lab.ping(NODE_TUNNEL_IP)).isFalse();
        assertThat(lab.ping(NODE_TUNNEL_IP)).isFalse();
        var again = api.post("/v1/wireguard/peers/remove",
                "{\"interface\":\"" + wgNode + "\",\"public_key\":\"" + clientPublicKey + "\"}");
        assertThat(again.statusCode()).isEqualTo(204);

        var added = api.post("/v1/wireguard/peers", "{\"interface\":\"" + wgNode + "\",\"public_key\":\""
                + clientPublicKey + "\",\"allowed_ips\":[\"10.214.0.2/32\"]}");

        assertThat(added.statusCode()).isEqualTo(200);
        restartWireGuardClientSession();
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, TUNNEL_WAIT)).isTrue();
    }

    @Test
    @Order(4)
    void a_full_state_without_the_peer_stops_the_traffic() throws Exception {
        var reply = apply(wireguardOnly(List.of()));

        assertThat(reply.body()).contains("peers +0 -1");
        assertThat(lab.ping(NODE_TUNNEL_IP)).isFalse();
        assertThat(lab.ping(NODE_TUNNEL_IP)).isFalse();
    }

    @Test
    @Order(5)
    void an_openvpn_client_connects_and_pings_over_udp_then_tcp() throws Exception {
        var reply = apply(fullState());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("openvpn staff-udp-1194: started", "openvpn staff-tcp-1194: started")
                .contains("\"failures\":[]");
        restartWireGuardClientSession();
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, TUNNEL_WAIT)).as("WireGuard is back with the peer").isTrue();

        var udp = openVpnClient("alice", "udp");
        assertThat(udp.connected()).as("UDP client connected").isTrue();
        assertThat(lab.pingsWithin(UDP_SERVER_IP, TUNNEL_WAIT)).isTrue();
        var tcp = openVpnClient("alice", "tcp");
        assertThat(tcp.connected()).as("TCP client connected").isTrue();
        assertThat(lab.pingsWithin(TCP_SERVER_IP, TUNNEL_WAIT)).isTrue();

        assertThat(controller.asked).extracting(c -> c.commonName() + "/" + c.profile())
                .containsOnly("alice/staff");
        assertThat(Wait.until(TUNNEL_WAIT, () -> controller.connects.size() == 2)).isTrue();
        var clients = api.get("/v1/openvpn/clients").body();
        assertThat(clients).contains("\"process\":\"staff-udp-1194\"", "\"process\":\"staff-tcp-1194\"",
                "\"common_name\":\"alice\"");
        assertThat(Fields.of(Json.parse(api.get("/v1/status").body()), "status").integer("client_count", 0, 10))
                .isEqualTo(2);
        assertThat(api.get("/v1/metrics").body().lines()).contains(
                "tunnelgate_agent_wireguard_peers{interface=\"" + wgNode + "\"} 1",
                "tunnelgate_agent_wireguard_interface_up{interface=\"" + wgNode + "\"} 1",
                "tunnelgate_agent_openvpn_clients{process=\"staff-udp-1194\",profile=\"staff\"} 1",
                "tunnelgate_agent_openvpn_clients{process=\"staff-tcp-1194\",profile=\"staff\"} 1",
                "tunnelgate_agent_openvpn_process_state{process=\"staff-udp-1194\",state=\"running\"} 1",
                "tunnelgate_agent_openvpn_process_state{process=\"staff-udp-1194\",state=\"restarting\"} 0");
    }

    @Test
    @Order(6)
    void a_client_the_controller_refuses_cannot_connect() throws Exception {
        var mallory = openVpnClient("mallory", "udp");

        assertThat(mallory.connected()).isFalse();
        assertThat(mallory.log()).contains("AUTH_FAILED");
        assertThat(controller.asked).extracting(c -> c.commonName()).contains("mallory");
        assertThat(api.get("/v1/openvpn/clients").body()).doesNotContain("mallory");
    }

    @Test
    @Order(7)
    void disconnecting_via_the_api_ends_the_sessions_and_reports_byte_counts() throws Exception {
        var reply = api.post("/v1/openvpn/clients/disconnect", "{\"common_name\":\"alice\"}");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"disconnected\":2");
        assertThat(Wait.until(TUNNEL_WAIT, () -> controller.disconnects.size() == 2)).isTrue();
        assertThat(controller.disconnects).allSatisfy(d -> {
            assertThat(d.client().commonName()).isEqualTo("alice");
            assertThat(d.bytesIn()).isPositive();
            assertThat(d.bytesOut()).isPositive();
        });
        assertThat(Wait.until(TUNNEL_WAIT, () -> !api.getQuietly("/v1/openvpn/clients").contains("alice"))).isTrue();
        assertThat(lab.ping(UDP_SERVER_IP)).isFalse();
        assertThat(api.post("/v1/openvpn/clients/disconnect", "{\"common_name\":\"alice\"}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void a_killed_openvpn_is_restarted() throws Exception {
        long pid = openVpnPid("staff-udp-1194");

        lab.run("kill", "-9", String.valueOf(pid));

        assertThat(Wait.until(TUNNEL_WAIT, () -> {
            var p = processStatus("staff-udp-1194");
            return "running".equals(p.get("state")) && p.get("pid") != null && openVpnPid("staff-udp-1194") != pid;
        })).as("openvpn restarted").isTrue();
        assertThat(Json.write(processStatus("staff-udp-1194"))).contains("\"restarts\":1");
        assertThat(api.get("/v1/metrics").body().lines())
                .contains("tunnelgate_agent_openvpn_process_restarts_total{process=\"staff-udp-1194\"} 1");
        var client = openVpnClient("alice", "udp");
        assertThat(client.connected()).isTrue();
        assertThat(lab.pingsWithin(UDP_SERVER_IP, TUNNEL_WAIT)).isTrue();
    }

    @Test
    @Order(9)
    void an_agent_restart_keeps_the_tunnels_and_a_node_reboot_gets_the_stored_state_back() throws Exception {
        long pid = openVpnPid("staff-udp-1194");

        fixture.stopAgent();
        assertThat(lab.pingsWithin(UDP_SERVER_IP, SHORT_WAIT)).as("OpenVPN tunnel survives the agent stopping").isTrue();
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, SHORT_WAIT)).as("WireGuard tunnel survives the agent stopping").isTrue();
        fixture.start(controller);
        api = fixture.controller();

        assertThat(openVpnPid("staff-udp-1194")).as("openvpn adopted, not restarted").isEqualTo(pid);
        assertThat(Json.write(processStatus("staff-udp-1194"))).as("the adopted client is known")
                .contains("\"clients\":1");
        assertThat(lab.pingsWithin(UDP_SERVER_IP, SHORT_WAIT)).isTrue();

        fixture.stopAgent();
        lab.killEverythingInNode();
        assertThat(lab.ping(NODE_TUNNEL_IP)).isFalse();
        fixture.start(controller);
        api = fixture.controller();

        var status = Fields.of(Json.parse(api.get("/v1/status").body()), "status");
        assertThat(status.integer("generation", 0, Long.MAX_VALUE)).isEqualTo(generation);
        assertThat(wireguardStatus().string("public_key")).isEqualTo(nodePublicKey);
        restartWireGuardClientSession();
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, TUNNEL_WAIT)).as("WireGuard back after reboot").isTrue();
        var client = openVpnClient("alice", "tcp");
        assertThat(client.connected()).as("OpenVPN back after reboot").isTrue();
        assertThat(lab.pingsWithin(TCP_SERVER_IP, TUNNEL_WAIT)).isTrue();
    }

    @Test
    @Order(10)
    void a_userspace_interface_name_taken_in_another_namespace_is_refused_with_a_reason() throws Exception {
        var taken = Json.object("name", wgClient, "listen_port", 51830, "addresses", List.of("10.216.0.1/24"));
        var state = Json.write(Json.object("generation", generation + 1,
                "wireguard", List.of(wireguard(List.of(clientPublicKey)), taken)));

        var reply = apply(state);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("belongs to another interface named " + wgClient);
        assertThat(lab.pingsWithin(NODE_TUNNEL_IP, SHORT_WAIT)).as("the other interfaces are untouched").isTrue();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static java.net.http.HttpResponse<String> apply(String state) throws Exception {
        var reply = api.put("/v1/state", state);
        generation++;
        return reply;
    }

    private static String wireguardOnly(List<String> peers) {
        return Json.write(Json.object("generation", generation + 1, "wireguard", List.of(wireguard(peers))));
    }

    private static String fullState() throws IOException {
        var server = vpnCa.server("vpn-node", lab.dir.resolve("vpn"));
        var profile = Json.object(
                "name", "staff",
                "ca", vpnCa.certificatePem(), "cert", server.certificatePem(), "key", server.keyPem(),
                "tls_crypt", tlsCrypt,
                "listeners", List.of(
                        Json.object("proto", "udp", "port", 1194, "pool4", "10.215.0.0/24"),
                        Json.object("proto", "tcp", "port", 1194, "pool4", "10.215.1.0/24")));
        return Json.write(Json.object("generation", generation + 1,
                "wireguard", List.of(wireguard(List.of(clientPublicKey))), "openvpn", List.of(profile)));
    }

    private static Map<String, Object> wireguard(List<String> peers) {
        var list = new ArrayList<Object>();
        for (int i = 0; i < peers.size(); i++) {
            list.add(Json.object("public_key", peers.get(i), "allowed_ips", List.of("10.214.0." + (i + 2) + "/32")));
        }
        return Json.object("name", wgNode, "listen_port", 51820, "addresses", List.of(NODE_TUNNEL_IP + "/24"),
                "peers", list);
    }

    private static Fields wireguardStatus() throws Exception {
        var status = Fields.of(Json.parse(api.get("/v1/status").body()), "status");
        return Fields.of(status.list("wireguard").get(0), "wireguard");
    }

    private static List<Object> peersOf(java.net.http.HttpResponse<String> response) {
        return Fields.of(Json.parse(response.body()), "peers").list("peers");
    }

    private static Map<String, Object> processStatus(String key) {
        var status = Fields.of(Json.parse(api.getQuietly("/v1/status")), "status");
        for (Object p : status.list("openvpn")) {
            var f = Fields.of(p, "process");
            if (key.equals(f.string("profile") + "-" + f.string("proto") + "-" + f.map().get("port"))) {
                return f.map();
            }
        }
        throw new AssertionError("no openvpn process " + key + " in " + status.map());
    }

    private static long openVpnPid(String key) {
        Object pid = processStatus(key).get("pid");
        return pid == null ? -1 : ((java.math.BigDecimal) pid).longValueExact();
    }

    private static void startWireGuardClient(String privateKey) throws Exception {
        Path keyFile = lab.dir.resolve("wg-client.key");
        org.tunnelgate.agent.system.SecretFile.write(keyFile, privateKey + "\n");
        lab.startInClient(lab.dir.resolve("wg-client.log"), "wireguard-go", "-f", wgClient);
        assertThat(Wait.until(Duration.ofSeconds(10), () -> Files.exists(Path.of("/run/wireguard", wgClient + ".sock"))))
                .as("client wireguard-go up").isTrue();
        lab.inClient("wg", "set", wgClient, "private-key", keyFile.toString());
        lab.inClient("ip", "addr", "add", "10.214.0.2/24", "dev", wgClient);
        lab.inClient("ip", "link", "set", wgClient, "up");
        restartWireGuardClientSession();
    }

    /** A WireGuard client re-handshakes only after ~15 s of silence; re-adding the peer starts at once. */
    private static void restartWireGuardClientSession() {
        lab.inClient("wg", "set", wgClient, "peer", nodePublicKey, "remove");
        lab.inClient("wg", "set", wgClient, "peer", nodePublicKey, "endpoint", NetnsLab.NODE_IP + ":51820",
                "allowed-ips", "10.214.0.0/24");
    }

    record VpnClient(boolean connected, String log) {}

    /** Starts an OpenVPN client in the client namespace and waits until it is connected or gave up. */
    private static VpnClient openVpnClient(String commonName, String proto) throws Exception {
        Path dir = lab.dir.resolve("clients");
        var cert = vpnCa.client(commonName, dir);
        Path ca = vpnCa.writeCertificate(dir);
        Path tc = Files.writeString(dir.resolve("tc.key"), tlsCrypt);
        String name = commonName + "-" + proto + "-" + ThreadLocalRandom.current().nextInt(1000);
        Path conf = Files.writeString(dir.resolve(name + ".conf"), String.join("\n",
                "client", "dev tun", "proto " + (proto.equals("tcp") ? "tcp-client" : "udp"),
                "remote " + NetnsLab.NODE_IP + " 1194", "nobind", "ca " + ca, "cert " + cert.certificate(),
                "key " + cert.key(), "tls-crypt " + tc, "remote-cert-tls server", "disable-dco",
                "connect-retry-max 1", "verb 3", ""));
        Path log = dir.resolve(name + ".log");
        Process process = lab.startInClient(log, "openvpn", "--config", conf.toString());
        boolean done = Wait.until(TUNNEL_WAIT, () -> !process.isAlive() || read(log).contains("Initialization Sequence Completed"));
        boolean connected = done && process.isAlive() && read(log).contains("Initialization Sequence Completed");
        if (!connected) {
            process.destroy();
        }
        if (!connected && !commonName.equals("mallory")) {
            // the node's side of the story, for whoever reads the failure
            try (var logs = Files.list(fixture.dir.resolve("state/log"))) {
                logs.filter(p -> p.getFileName().toString().startsWith("openvpn-" + "staff-" + proto))
                        .forEach(p -> System.err.println("---- " + p + "\n" + read(p)));
            }
        }
        return new VpnClient(connected, read(log));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String staticKey() {
        byte[] key = new byte[256];
        ThreadLocalRandom.current().nextBytes(key);
        var out = new StringBuilder("-----BEGIN OpenVPN Static key V1-----\n");
        String hex = HexFormat.of().formatHex(key);
        for (int i = 0; i < hex.length(); i += 32) {
            out.append(hex, i, i + 32).append('\n');
        }
        return out.append("-----END OpenVPN Static key V1-----\n").toString();
    }
}
