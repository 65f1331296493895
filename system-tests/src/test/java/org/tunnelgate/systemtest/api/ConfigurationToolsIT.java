package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.form;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * What {@code /connect} hands an app loads into the real tools: the WireGuard config (plus the
 * app's own private key, as the apps add it) into {@code wg} on a wireguard-go interface, the OpenVPN
 * config into {@code openvpn} (options, inline CA, certificate, key and tls-crypt are all parsed and
 * loaded before it tries to reach the node). Everything runs in a per-run network namespace, so no
 * packet leaves it. Needs root, wireguard-go, wireguard-tools, openvpn, iproute2: missing ones fail
 * the test.
 */
class ConfigurationToolsIT {

    private static final SystemUnderTest system = SystemUnderTest.get();

    private final String id = "tgapi" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt()});
    private Path dir;

    @BeforeEach
    void aPrivateNetworkNamespace() throws Exception {
        assertThat(System.getProperty("user.name")).as("root is needed for network namespaces").isEqualTo("root");
        for (String tool : List.of("ip", "wg", "wg-quick", "wireguard-go", "openvpn")) {
            assertThat(run("sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool).exit()).as(tool + " installed").isZero();
        }
        dir = Files.createTempDirectory(id, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThat(run("ip", "netns", "add", id).exit()).isZero();
        assertThat(run("ip", "-n", id, "link", "set", "lo", "up").exit()).isZero();
        // inside the namespace the profile's host name is the namespace's own loopback (ip netns exec
        // bind-mounts /etc/netns/<name>/hosts over /etc/hosts), so the configs are used unmodified
        Files.createDirectories(Path.of("/etc/netns", id));
        Files.writeString(Path.of("/etc/netns", id, "hosts"), "127.0.0.1 localhost vpn.example.org\n");
    }

    @AfterEach
    void removeIt() throws Exception {
        run("ip", "netns", "pids", id).output().lines().forEach(pid -> {
            try {
                run("kill", pid.trim());
            } catch (Exception e) {
                // gone already
            }
        });
        run("ip", "netns", "del", id);
        run("rm", "-rf", Path.of("/etc/netns", id).toString());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theWireGuardConfigurationLoadsIntoWg() throws Exception {
        String privateKey = run("wg", "genkey").output().trim();
        String publicKey = runWithInput(privateKey, "wg", "pubkey").output().trim();
        VpnApp app = new VpnApp(system);
        HttpResponse<String> response = app.connect(app.authorize(Users.loggedIn(system, Users.createUser(system, "wg"))).accessToken(),
                form("profile_id", "employees", "public_key", publicKey), VpnApp.WIREGUARD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the apps insert their own private key into the [Interface] section
        Path config = file(id + ".conf", response.body().replace("[Interface]\n", "[Interface]\nPrivateKey = " + privateKey + "\n"));
        Path stripped = file("stripped.conf", run("wg-quick", "strip", config.toString()).output());
        String wgInterface = id.substring(0, Math.min(12, id.length()));

        Process wireguardGo = new ProcessBuilder("ip", "netns", "exec", id, "wireguard-go", "-f", wgInterface)
                .redirectErrorStream(true).redirectOutput(dir.resolve("wireguard-go.log").toFile()).start();
        Path socket = Path.of("/var/run/wireguard", wgInterface + ".sock");
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Files.exists(socket) && wireguardGo.isAlive() && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(50); // waiting for another process's socket: nothing to block on
        }
        assertThat(socket).as("wireguard-go's control socket").exists();
        Result setconf = run("ip", "netns", "exec", id, "wg", "setconf", wgInterface, stripped.toString());

        assertThat(setconf.exit()).as(setconf.output()).isZero();
        String peers = run("ip", "netns", "exec", id, "wg", "show", wgInterface, "peers").output();
        assertThat(peers.trim()).as("the node's key").matches("[A-Za-z0-9+/]{43}=");
        assertThat(run("ip", "netns", "exec", id, "wg", "show", wgInterface, "public-key").output().trim()).isEqualTo(publicKey);
        assertThat(run("ip", "netns", "exec", id, "wg", "show", wgInterface, "allowed-ips").output()).contains("0.0.0.0/0", "::/0");
    }

    @Test
    void theOpenVpnConfigurationIsAcceptedByOpenVpn() throws Exception {
        VpnApp app = new VpnApp(system);
        HttpResponse<String> response = app.connect(app.authorize(Users.loggedIn(system, Users.createUser(system, "ovpn"))).accessToken(),
                form("profile_id", "employees"), VpnApp.OPENVPN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the first remote the configuration names (the node the controller chose) is where OpenVPN sends first
        String[] remote = response.body().lines().filter(line -> line.startsWith("remote ")).findFirst()
                .orElseThrow(() -> new AssertionError("no remote line in\n" + response.body())).split(" ");
        // the apps append this; it also keeps this test from running anything
        Path config = file("client.ovpn", response.body() + "\nscript-security 0\n");

        Path log = dir.resolve("openvpn.log");
        Process openvpn = new ProcessBuilder("ip", "netns", "exec", id, "openvpn", "--config", config.toString(), "--verb", "4",
                "--connect-retry-max", "1", "--connect-timeout", "2", "--route-noexec", "--ifconfig-noexec")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // nothing answers inside this test's namespace: once OpenVPN sends its first packet, everything was loaded
            Instant deadline = Instant.now().plusSeconds(20);
            while (!Files.readString(log).contains("link remote") && openvpn.isAlive() && Instant.now().isBefore(deadline)) {
                TimeUnit.MILLISECONDS.sleep(100); // polling a log file: there is nothing to block on
            }
        } finally {
            openvpn.destroy();
            openvpn.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);

        assertThat(output).as(output)
                .doesNotContain("Options error").doesNotContain("Cannot load").doesNotContain("fatal error")
                .contains("Outgoing Control Channel Encryption") // tls-crypt key loaded
                .contains("link remote: [AF_INET]" + remote[1] + ":" + remote[2]);
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    record Result(int exit, String output) {}

    static Result run(String... command) throws IOException, InterruptedException {
        return runWithInput(null, command);
    }

    static Result runWithInput(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }
}
