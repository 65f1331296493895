package org.tunnelgate.agent;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.system.Programs;

/**
 * The agent's configuration, read from a properties file (see {@code config/agent/agent.properties}).
 * Everything the controller decides (interfaces, peers, OpenVPN profiles) comes in the desired
 * state instead; this file only says where the agent listens, which certificates it uses, where it
 * keeps its state and how it reaches the controller.
 */
public record AgentConfig(
        InetSocketAddress listen,
        Path tlsCertificate,
        Path tlsKey,
        Path controllerCa,
        Set<String> allowedClients,
        List<Path> controllerTrust,
        boolean controllerTrustJdk,
        Path stateDir,
        List<URI> controllerUrls,
        Duration controllerTimeout,
        boolean allowClientsWhenControllerUnreachable,
        String wireguardMode,
        Optional<String> netns,
        int maxBodyBytes,
        Duration reconcileInterval,
        Programs commands) {

    private static final Set<String> KEYS = Set.of(
            "listen", "tls.certificate", "tls.key", "tls.controller-ca", "tls.allowed-clients", "state.dir", "controller.urls",
            "controller.trust-ca",
            "controller.timeout-seconds", "openvpn.allow-when-controller-unreachable", "wireguard.mode", "netns",
            "api.max-body-bytes", "reconcile.interval-seconds", "command.ip", "command.wg", "command.wireguard-go",
            "command.openvpn");

    public static AgentConfig load(Path file) {
        var p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new InvalidInput("cannot read configuration " + file + ": " + e.getMessage());
        }
        return from(p);
    }

    public static AgentConfig from(Properties p) {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInput("unknown configuration key: " + key);
            }
        }
        String mode = p.getProperty("wireguard.mode", "auto").trim();
        if (!Set.of("auto", "kernel", "userspace").contains(mode)) {
            throw new InvalidInput("wireguard.mode must be auto, kernel or userspace");
        }
        String netns = p.getProperty("netns", "").trim();
        Path callersCa = required(p, "tls.controller-ca");
        // absent: configurations from before the key existed, whose controller certificate chains to
        // the callers' CA or to a public CA; empty: the JDK's trust store; a file: that CA only
        String trustCa = p.getProperty("controller.trust-ca");
        List<Path> controllerTrust = trustCa == null ? List.of(callersCa)
                : trustCa.isBlank() ? List.of() : List.of(Path.of(trustCa.trim()));
        return new AgentConfig(
                listen(p.getProperty("listen", "0.0.0.0:9443").trim()),
                required(p, "tls.certificate"),
                required(p, "tls.key"),
                callersCa,
                Arrays.stream(p.getProperty("tls.allowed-clients", "").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                controllerTrust,
                trustCa == null || trustCa.isBlank(),
                Path.of(p.getProperty("state.dir", "/var/lib/tunnelgate-agent").trim()),
                Arrays.stream(p.getProperty("controller.urls", "").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(AgentConfig::httpsUrl)
                        .toList(),
                Duration.ofSeconds(number(p, "controller.timeout-seconds", 5, 1, 120)),
                Boolean.parseBoolean(p.getProperty("openvpn.allow-when-controller-unreachable", "false").trim()),
                mode,
                netns.isEmpty() ? Optional.empty() : Optional.of(netns),
                (int) number(p, "api.max-body-bytes", 4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
                Duration.ofSeconds(number(p, "reconcile.interval-seconds", 10, 1, 3600)),
                new Programs(
                        p.getProperty("command.ip", "ip").trim(),
                        p.getProperty("command.wg", "wg").trim(),
                        p.getProperty("command.wireguard-go", "wireguard-go").trim(),
                        p.getProperty("command.openvpn", "openvpn").trim()));
    }

    private static Path required(Properties p, String key) {
        String value = p.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new InvalidInput("configuration key " + key + " is required");
        }
        return Path.of(value);
    }

    private static long number(Properties p, String key, long fallback, long min, long max) {
        String value = p.getProperty(key, "").trim();
        if (value.isEmpty()) return fallback;
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInput(key + " must be a number between " + min + " and " + max);
    }

    /** {@code host:port} as the {@code listen} key takes it; {@link InvalidInput} otherwise. */
    public static InetSocketAddress listen(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidInput("listen must be host:port, e.g. 0.0.0.0:9443");
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("listen must be host:port, e.g. 0.0.0.0:9443");
        }
    }

    private static URI httpsUrl(String value) {
        URI uri = URI.create(value.endsWith("/") ? value : value + "/");
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidInput("controller.urls must be https URLs: " + value);
        }
        return uri;
    }
}
