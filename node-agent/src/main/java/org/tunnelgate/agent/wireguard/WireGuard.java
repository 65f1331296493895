package org.tunnelgate.agent.wireguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.tunnelgate.agent.system.Programs;
import org.tunnelgate.agent.apply.PeerStatus;
import org.tunnelgate.agent.apply.WireGuardPlane;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Wait;

/**
 * The node's WireGuard interfaces. Full peer sets go through {@code wg syncconf} (it diffs
 * against what the interface has, so re-applying is cheap), single peers through {@code wg set}.
 * An interface that already exists when the agent starts is adopted, not recreated, so an agent
 * restart does not interrupt tunnels.
 */
public final class WireGuard implements WireGuardPlane {

    private static final Logger LOG = Logger.getLogger(WireGuard.class.getName());
    private static final Path USERSPACE_SOCKETS = Path.of("/run/wireguard");

    private final Commands commands;
    private final Programs programs;
    private final String mode;
    private final Path keyDir;
    private final Path logDir;
    private static final int MAX_DELTA = 2000; // beyond this a syncconf is as cheap and argv stays small

    private final Map<String, Process> userspace = new ConcurrentHashMap<>();
    private final java.util.Set<String> configured = ConcurrentHashMap.newKeySet();

    public WireGuard(Commands commands, Programs programs, String mode, Path stateDir) {
        this.commands = commands;
        this.programs = programs;
        this.mode = mode;
        this.keyDir = stateDir.resolve("wireguard");
        this.logDir = stateDir.resolve("log");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first time this agent run configures an interface it does the full job (create or
     * adopt, addresses, MTU, {@code wg syncconf}). After that, while the interface settings stay
     * the same, only the peer difference is sent with one {@code wg set}: for 1 % churn on 10,000
     * peers that avoids re-reading and diffing every peer. A failure there falls back to the full
     * path, and the periodic repair does the full path for an interface that vanished.
     */
    @Override
    public List<String> apply(WgInterface spec, Optional<WgInterface> previous) {
        if (previous.isPresent() && configured.contains(spec.name()) && sameInterface(previous.get(), spec)) {
            var delta = PeerDelta.between(previous.get(), spec);
            if (delta.size() <= MAX_DELTA) {
                try {
                    if (!delta.isEmpty()) {
                        commands.run(delta.wgSetArguments(programs.wg(), spec.name()));
                    }
                    return delta.describe(spec.name()).map(List::of).orElse(List.of());
                } catch (CommandFailed e) {
                    LOG.warning(() -> "wg set failed, doing a full sync; name=" + spec.name() + " " + e.getMessage());
                }
            }
        }
        configured.remove(spec.name());
        var changes = new ArrayList<String>();
        if (!exists(spec.name())) {
            create(spec.name());
            changes.add("wireguard " + spec.name() + ": created (" + implementation(spec.name()) + ")");
            previous = Optional.empty();
        }
        changes.addAll(configureLink(spec));
        String privateKey = privateKey(spec.name());
        try {
            commands.run(WgConf.render(spec, privateKey), programs.wg(), "syncconf", spec.name(), "/dev/stdin");
        } catch (CommandFailed e) {
            // wg quotes a configuration line it cannot parse; that line may hold the private key
            throw new CommandFailed(e.getMessage().replace(privateKey, "(private key)"));
        }
        PeerDelta.between(previous.map(WgInterface::peers).orElse(List.of()), spec).describe(spec.name())
                .ifPresent(changes::add);
        configured.add(spec.name());
        return changes;
    }

    private static boolean sameInterface(WgInterface a, WgInterface b) {
        return a.listenPort() == b.listenPort() && a.mtu() == b.mtu() && a.addresses().equals(b.addresses());
    }

    @Override
    public void addPeer(String name, WgPeer peer) {
        var argv = new ArrayList<>(List.of(programs.wg(), "set", name, "peer", peer.publicKey(), "allowed-ips",
                WgConf.allowedIps(peer)));
        commands.run(argv.toArray(String[]::new));
    }

    @Override
    public void removePeer(String name, String publicKey) {
        commands.run(programs.wg(), "set", name, "peer", publicKey, "remove");
    }

    @Override
    public void changePeers(String name, List<WgPeer> add, List<String> remove) {
        var argv = new ArrayList<>(List.of(programs.wg(), "set", name));
        for (String key : remove) {
            argv.addAll(List.of("peer", key, "remove"));
        }
        for (WgPeer peer : add) {
            argv.addAll(List.of("peer", peer.publicKey(), "allowed-ips", WgConf.allowedIps(peer)));
        }
        commands.run(argv.toArray(String[]::new));
    }

    @Override
    public List<PeerStatus> peers(String name) {
        return WgDump.peers(commands.run(programs.wg(), "show", name, "dump"));
    }

    /** Deletes an interface the desired state no longer has (its private key file is kept). */
    @Override
    public void remove(String name) {
        configured.remove(name);
        Process process = userspace.remove(name);
        if (process != null) {
            process.destroy();
            Wait.until(Duration.ofSeconds(5), () -> !process.isAlive());
        }
        if (exists(name)) {
            commands.run(programs.ip(), "link", "del", "dev", name);
        }
    }

    @Override
    public boolean exists(String name) {
        try {
            commands.run(programs.ip(), "link", "show", "dev", name);
            return true;
        } catch (CommandFailed e) {
            return false;
        }
    }

    public String implementation(String name) {
        return Files.exists(USERSPACE_SOCKETS.resolve(name + ".sock")) ? "userspace" : "kernel";
    }

    public String publicKey(String name) {
        return Keys.publicKey(privateKey(name));
    }

    private String privateKey(String name) {
        return Keys.privateKey(keyDir.resolve(name + ".key"));
    }

    private void create(String name) {
        boolean kernel = switch (mode) {
            case "kernel" -> true;
            case "userspace" -> false;
            default -> Files.isDirectory(Path.of("/sys/module/wireguard"));
        };
        if (kernel) {
            commands.run(programs.ip(), "link", "add", "dev", name, "type", "wireguard");
            return;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new CommandFailed("cannot create " + logDir + ": " + e.getMessage());
        }
        claimSocket(name);
        Path log = logDir.resolve("wireguard-go-" + name + ".log");
        Process process = commands.start(log, programs.wireguardGo(), "-f", name);
        userspace.put(name, process);
        boolean up = Wait.until(Duration.ofSeconds(10),
                () -> !process.isAlive() || (Files.exists(USERSPACE_SOCKETS.resolve(name + ".sock")) && exists(name)));
        if (!up || !process.isAlive()) {
            userspace.remove(name);
            process.destroyForcibly();
            throw new CommandFailed("wireguard-go did not bring up " + name + ": " + tail(log));
        }
        LOG.info(() -> "wireguard interface created; name=" + name + " implementation=userspace pid=" + process.pid());
    }

    /**
     * wireguard-go's control sockets live in one directory for all network namespaces: a socket
     * that answers belongs to an interface of the same name elsewhere (refuse with a clear
     * message), one that does not is left over from a killed process (remove it).
     */
    private static void claimSocket(String name) {
        Path socket = USERSPACE_SOCKETS.resolve(name + ".sock");
        if (!Files.exists(socket)) return;
        try (var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(socket));
            throw new CommandFailed("the wireguard-go socket " + socket + " belongs to another interface named " + name
                    + " (in another network namespace?); userspace interfaces on one host need distinct names");
        } catch (IOException stale) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                throw new CommandFailed("cannot remove the stale socket " + socket + ": " + e.getMessage());
            }
        }
    }

    /** Addresses, MTU and link state; the only part of an interface not carried by syncconf. */
    private List<String> configureLink(WgInterface spec) {
        var changes = new ArrayList<String>();
        var present = new HashMap<String, String>();
        for (String line : commands.run(programs.ip(), "-o", "addr", "show", "dev", spec.name()).split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if ((words[i].equals("inet") || words[i].equals("inet6")) && !line.contains("scope link")) {
                    present.put(canonical(words[i + 1]), words[i + 1]);
                }
            }
        }
        for (IpNet address : spec.addresses()) {
            if (present.remove(canonical(address.text())) == null) {
                commands.run(programs.ip(), "addr", "add", address.text(), "dev", spec.name());
                changes.add("wireguard " + spec.name() + ": address " + address.text() + " added");
            }
        }
        for (String stale : present.values()) {
            commands.run(programs.ip(), "addr", "del", stale, "dev", spec.name());
            changes.add("wireguard " + spec.name() + ": address " + stale + " removed");
        }
        commands.run(programs.ip(), "link", "set", "dev", spec.name(), "mtu", String.valueOf(spec.mtu()), "up");
        return changes;
    }

    private static String canonical(String cidr) {
        IpNet net = IpNet.parse(cidr, "ip addr");
        return net.address().getHostAddress() + "/" + net.prefix();
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
