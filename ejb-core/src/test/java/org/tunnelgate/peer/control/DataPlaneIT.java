package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.profile.entity.Protocol.OPENVPN;
import static org.tunnelgate.profile.entity.Protocol.WIREGUARD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.openvpn.control.OpenVpnClients;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * The configurations we issue work with the real tools: a WireGuard configuration from the API
 * (plus the app's private key) loads into a wireguard-go interface with {@code wg setconf} and
 * carries a ping to the node; an OpenVPN configuration connects to a real {@code openvpn} server
 * that uses a server certificate from the same CA and the profile's tls-crypt key. All inside
 * per-run network namespaces.
 */
class DataPlaneIT {

    static final MasterKey MASTER_KEY = MasterKey.fromBytes(
            "data-plane test master key, 32+ bytes".getBytes(StandardCharsets.US_ASCII), "test");

    static Profile profile() {
        return TestProfiles.build(new ProfileDefinition("employees", "Employees", 0, List.of("wireguard", "openvpn"),
                "10.43.0.0/24", "fd43::/64", 51820, "10.42.0.0/24", "fd42::/64", List.of(1194), List.of(),
                List.of("10.250.0.1"), List.of("9.9.9.9"), List.of(), List.of(), List.of(), true, List.of(), null,
                List.of("local")));
    }

    @Test
    void anIssuedWireGuardConfigurationLoadsIntoWgAndReachesTheNode() throws Exception {
        ConfigurationDatabase db = new ConfigurationDatabase();
        long alice = db.account("alice");
        Profile profile = profile();
        db.profile(profile);
        WireGuardKeyPair nodeKeys = WireGuardKeyPair.generate();
        WireGuardKeyPair appKeys = WireGuardKeyPair.generate();
        List<NodeChoice> nodes = List.of(new NodeChoice("local", "10.250.0.1", nodeKeys.publicKey(), false));

        try (NetworkLab lab = new NetworkLab()) {
            VpnConfiguration config = new ConfigurationIssuer(db.dataSource(), Clock.systemUTC(), null, new SecureRandom())
                    .issue(profile, nodes, ConnectRequest.app(alice, 1, "employees")
                            .supporting(List.of(WIREGUARD))
                            .withWireGuardKey(appKeys.publicKey())
                            .preferringTcp(false)
                            .expiringAt(Instant.now().plus(Duration.ofDays(1))), 3).configuration();
            assertThat(config.body()).doesNotContain("PrivateKey");
            String address = config.body().lines().filter(l -> l.startsWith("Address = ")).findFirst().orElseThrow()
                    .substring("Address = ".length()).split(", ")[0];

            // the node side, as the agent will set it up
            String nodeIf = lab.id + "w";
            startWireGuard(lab, lab.node, nodeIf);
            Path nodeKey = lab.file("node.key", nodeKeys.privateKey() + "\n");
            lab.run("ip", "netns", "exec", lab.node, "wg", "set", nodeIf, "listen-port", "51820", "private-key",
                    nodeKey.toString(), "peer", appKeys.publicKey(), "allowed-ips", address.replaceAll("/\\d+$", "/32"));
            lab.run("ip", "-n", lab.node, "addr", "add", "10.43.0.1/24", "dev", nodeIf);
            lab.run("ip", "-n", lab.node, "link", "set", nodeIf, "up");

            // the app side: our configuration plus the app's own private key, through wg-quick strip + wg setconf
            String clientIf = lab.id + "a";
            startWireGuard(lab, lab.client, clientIf);
            Path withKey = lab.file(clientIf + ".conf",
                    config.body().replace("[Interface]\n", "[Interface]\nPrivateKey = " + appKeys.privateKey() + "\n"));
            Path stripped = lab.file("stripped.conf", lab.run("wg-quick", "strip", withKey.toString()));
            lab.run("ip", "netns", "exec", lab.client, "wg", "setconf", clientIf, stripped.toString());
            lab.run("ip", "-n", lab.client, "addr", "add", address, "dev", clientIf);
            lab.run("ip", "-n", lab.client, "link", "set", clientIf, "up");

            assertThat(lab.run("ip", "netns", "exec", lab.client, "wg", "show", clientIf, "allowed-ips"))
                    .contains(nodeKeys.publicKey(), "0.0.0.0/0", "::/0");
            assertThat(lab.run("ip", "netns", "exec", lab.client, "wg", "show", clientIf, "endpoints"))
                    .contains("10.250.0.1:51820");
            lab.run("ip", "netns", "exec", lab.client, "ping", "-c", "1", "-W", "5", "10.43.0.1");
            assertThat(lab.run("ip", "netns", "exec", lab.node, "wg", "show", nodeIf, "latest-handshakes"))
                    .doesNotContain("\t0\n");
        }
    }

    private static void startWireGuard(NetworkLab lab, String namespace, String name) throws Exception {
        lab.start(lab.dir.resolve(name + ".log"), "ip", "netns", "exec", namespace, "wireguard-go", "-f", name);
        NetworkLab.await("wireguard-go interface " + name, Duration.ofSeconds(10),
                () -> Files.exists(Path.of("/var/run/wireguard", name + ".sock")));
    }

    @Test
    void anIssuedOpenVpnConfigurationConnectsToARealServer() throws Exception {
        ConfigurationDatabase db = new ConfigurationDatabase();
        long alice = db.account("alice");
        Profile profile = profile();
        db.profile(profile);
        OpenVpnClients openVpn = new OpenVpnClients(db.dataSource(), () -> MASTER_KEY, Clock.systemUTC());
        List<NodeChoice> nodes = List.of(new NodeChoice("local", "10.250.0.1", null, false));

        try (NetworkLab lab = new NetworkLab()) {
            VpnConfiguration config = new ConfigurationIssuer(db.dataSource(), Clock.systemUTC(), openVpn, new SecureRandom())
                    .issue(profile, nodes, ConnectRequest.app(alice, 1, "employees")
                            .supporting(List.of(WIREGUARD, OPENVPN))
                            .withWireGuardKey(null)
                            .preferringTcp(false)
                            .expiringAt(Instant.now().plus(Duration.ofDays(1))), 3).configuration();
            assertThat(config.protocol()).isEqualTo(OPENVPN);

            var server = openVpn.ca().issueServer("10.250.0.1", "employees", Instant.now(), Instant.now().plus(Duration.ofDays(1)));
            String body = config.body();
            Path serverConfig = lab.file("server.conf", String.join("\n",
                    "dev " + lab.id + "o", "dev-type tun", "proto udp", "local 10.250.0.1", "port 1194",
                    "topology subnet", "server 10.42.0.0 255.255.255.0", "dh none", "disable-dco",
                    "tls-version-min 1.3", "data-ciphers AES-256-GCM:CHACHA20-POLY1305", "keepalive 10 60", "verb 3",
                    "<ca>", section(body, "ca"), "</ca>", "<cert>", server.certificatePem(), "</cert>",
                    "<key>", server.privateKeyPem(), "</key>", "<tls-crypt>", section(body, "tls-crypt"), "</tls-crypt>", ""));
            Path serverLog = lab.dir.resolve("server.log");
            lab.start(serverLog, "ip", "netns", "exec", lab.node, "openvpn", "--config", serverConfig.toString());
            try {
                NetworkLab.await("the OpenVPN server to start", Duration.ofSeconds(20),
                        () -> NetworkLab.read(serverLog).contains("Initialization Sequence Completed"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- server log ---\n" + NetworkLab.read(serverLog), e);
            }

            Path clientConfig = lab.file("client.ovpn", body);
            Path clientLog = lab.dir.resolve("client.log");
            lab.start(clientLog, "ip", "netns", "exec", lab.client, "openvpn", "--config", clientConfig.toString(),
                    "--disable-dco");
            try {
                NetworkLab.await("the client to connect with the issued configuration", Duration.ofSeconds(30),
                        () -> NetworkLab.read(clientLog).contains("Initialization Sequence Completed"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- client log ---\n" + NetworkLab.read(clientLog)
                        + "\n--- server log ---\n" + NetworkLab.read(serverLog), e);
            }
            assertThat(NetworkLab.read(clientLog)).contains("TLSv1.3").contains("ED25519");
        }
    }

    private static String section(String body, String tag) {
        return body.substring(body.indexOf("<" + tag + ">\n") + tag.length() + 3, body.indexOf("</" + tag + ">"));
    }
}
