package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * A real VPN client of the local node: wireguard-go or openvpn in the harness's client namespace
 * tg&lt;B&gt;-client (linked to the node's tg&lt;B&gt;-node), set up from a configuration the API handed
 * out. Each test class takes its own tag, so their devices never share a name; closing removes the
 * device and ends the client's processes.
 */
final class LocalNodeClient implements AutoCloseable {

    private final SystemUnderTest system;
    private final char tag;
    private final List<Process> processes = new ArrayList<>();
    private String netns;
    private String devicePrefix;
    private String device;

    /** Nothing is read from the system yet: a test first asserts that it has a local node at all. */
    LocalNodeClient(SystemUnderTest system, char tag) {
        this.system = system;
        this.tag = tag;
    }

    String netns() {
        if (netns == null) {
            netns = system.localNodeNetns().replaceFirst("-node$", "-client");
            devicePrefix = netns.replace("-client", "") + tag;
        }
        return netns;
    }

    /** A WireGuard client with the configuration's keys, endpoint and routes (the private key from a file). */
    void wireGuard(String configuration, Path privateKey) throws Exception {
        String netns = netns();
        String wg = devicePrefix + "-wg";
        device = wg;
        processes.add(new ProcessBuilder("ip", "netns", "exec", netns, "wireguard-go", "-f", wg)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
        assertThat(waitUntil(Duration.ofSeconds(10), () -> Files.exists(Path.of("/run/wireguard", wg + ".sock"))))
                .as("wireguard-go started").isTrue();
        String address = value(configuration, "Address").split(",")[0].trim();
        run("ip", "netns", "exec", netns, "wg", "set", wg, "private-key", privateKey.toString(),
                "peer", value(configuration, "PublicKey"), "endpoint", value(configuration, "Endpoint"),
                "allowed-ips", value(configuration, "AllowedIPs").replace(" ", ""));
        run("ip", "-n", netns, "addr", "add", address, "dev", wg);
        run("ip", "-n", netns, "link", "set", wg, "up");
        run("ip", "-n", netns, "route", "replace", "10.43.0.0/22", "dev", wg);
    }

    /** An OpenVPN client with the configuration file, its output in {@code log}. */
    void openVpn(Path configuration, Path log) throws IOException {
        String netns = netns();
        device = devicePrefix + "-ov";
        // the example profiles are the default gateway; the client namespace has none to replace
        processes.add(new ProcessBuilder("ip", "netns", "exec", netns, "openvpn", "--config", configuration.toString(),
                "--dev", device, "--dev-type", "tun", "--pull-filter", "ignore", "redirect-gateway")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
    }

    boolean ping(String address) {
        return tryRun("ip", "netns", "exec", netns(), "ping", "-n", "-c", "1", "-W", "1", address) == 0;
    }

    @Override
    public void close() {
        if (device != null) {
            tryRun("ip", "-n", netns, "link", "del", device);
        }
        processes.forEach(Process::destroyForcibly);
    }

    /** The value of {@code key} in a WireGuard configuration ({@code Key = value}). */
    static String value(String configuration, String key) {
        return configuration.lines().map(String::strip).filter(l -> l.startsWith(key + " ") || l.startsWith(key + "="))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in\n" + configuration));
    }

    static String run(String... argv) throws IOException, InterruptedException {
        return runWithInput(null, argv);
    }

    static String runWithInput(String input, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }

    static int tryRun(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polls another process's state (a socket, a route, a node's report) until it holds or time is up. */
    static boolean waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }
}
