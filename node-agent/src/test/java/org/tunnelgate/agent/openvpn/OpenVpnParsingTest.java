package org.tunnelgate.agent.openvpn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.FakeController;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;

class OpenVpnParsingTest {

    @Test
    void status_3_client_rows_become_clients() {
        var lines = List.of(
                "TITLE\tOpenVPN 2.6.14 x86_64-pc-linux-gnu",
                "TIME\t2026-11-21 22:34:13\t1795300453",
                "HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received"
                        + "\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher",
                "CLIENT_LIST\tclient1\t10.200.0.2:39750\t10.98.0.2\t\t2719\t2640\t2026-11-21 22:34:07\t1795300447\tUNDEF\t4\t0\tAES-256-GCM",
                "ROUTING_TABLE\t10.98.0.2\tclient1\t10.200.0.2:39750\t2026-11-21 22:34:08\t1795300448",
                "GLOBAL_STATS\tMax bcast/mcast queue length\t1");

        assertThat(StatusParser.clients(lines)).containsExactly(
                new ConnectedClient("client1", "10.200.0.2:39750", "10.98.0.2", "", 2719, 2640, 1795300447, 4));
    }

    @Test
    void the_server_configuration_asks_the_agent_about_every_client(@TempDir Path dir) {
        var files = ServerFiles.render(profile(dir).openvpn().get(0), profile(dir).openvpn().get(0).listeners().get(1),
                dir.resolve("openvpn"));
        String conf = files.files().get("server.conf");

        assertThat(files.key()).isEqualTo("staff-tcp-443");
        assertThat(files.device()).matches("tgo[0-9a-f]{10}");
        assertThat(conf).contains("proto tcp-server\n", "port 443\n", "server 10.98.4.0 255.255.252.0\n",
                "server-ipv6 fd00:98::/64\n", "push \"route 192.168.0.0 255.255.0.0\"\n",
                "push \"dhcp-option DNS 9.9.9.9\"\n", "push \"dhcp-option DNS6 2620:fe::fe\"\n",
                "push \"redirect-gateway def1 ipv6\"\n", "management-client-auth\n", "management-hold\n",
                "management " + dir.resolve("openvpn/staff-tcp-443/mgmt.sock") + " unix\n");
        assertThat(conf).doesNotContain("explicit-exit-notify");
        assertThat(files.files()).containsKeys("ca.crt", "server.crt", "server.key", "tls-crypt.key");
    }

    @Test
    void a_disconnect_is_reported_with_its_byte_counts() {
        var controller = new FakeController();
        var gate = new ClientGate("staff", controller, false, Executors.newSingleThreadExecutor(), () -> null);
        for (String line : List.of(">CLIENT:ESTABLISHED,7", ">CLIENT:ENV,common_name=alice", ">CLIENT:ENV,untrusted_ip=10.200.0.2",
                ">CLIENT:ENV,ifconfig_pool_remote_ip=10.98.0.2", ">CLIENT:ENV,END",
                ">CLIENT:DISCONNECT,7", ">CLIENT:ENV,common_name=alice", ">CLIENT:ENV,bytes_received=2732",
                ">CLIENT:ENV,bytes_sent=2819", ">CLIENT:ENV,END")) {
            gate.notification(line);
        }

        assertThat(controller.connects).extracting(c -> c.commonName() + " " + c.ipFour()).containsExactly("alice 10.98.0.2");
        assertThat(controller.disconnects).singleElement().satisfies(d -> {
            assertThat(d.client().originatingIp()).isEqualTo("10.200.0.2");
            assertThat(d.bytesIn()).isEqualTo(2732);
            assertThat(d.bytesOut()).isEqualTo(2819);
        });
        assertThat(gate.connectedCount()).isZero();
    }

    static DesiredState profile(Path dir) {
        var ca = new TestPki("OpenVPN CA");
        var server = ca.server("server", dir.resolve("pki"));
        String tlsCrypt = "-----BEGIN OpenVPN Static key V1-----\n" + "00".repeat(16) + "\n-----END OpenVPN Static key V1-----\n";
        return DesiredState.fromJson(Json.parse(Json.write(Json.object(
                "generation", 1,
                "openvpn", List.of(Json.object(
                        "name", "staff",
                        "ca", ca.certificatePem(), "cert", server.certificatePem(), "key", server.keyPem(),
                        "tls_crypt", tlsCrypt,
                        "routes", List.of("192.168.0.0/16"),
                        "dns", List.of("9.9.9.9", "2620:fe::fe"),
                        "default_gateway", true,
                        "listeners", List.of(
                                Json.object("proto", "udp", "port", 1194, "pool4", "10.98.0.0/22"),
                                Json.object("proto", "tcp", "port", 443, "pool4", "10.98.4.0/22", "pool6", "fd00:98::/64"))))))));
    }
}
