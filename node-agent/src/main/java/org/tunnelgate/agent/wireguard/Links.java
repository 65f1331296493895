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
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.system.CommandInterrupted;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Programs;
import org.tunnelgate.agent.system.Wait;

/**
 * A WireGuard interface as a network link, the part {@code wg} does not carry: made in the kernel
 * ({@code ip link add … type wireguard}) or by a {@code wireguard-go} process this agent runs, its
 * addresses, MTU and link state, and its deletion.
 */
final class Links {

    private static final Logger LOG = Logger.getLogger(Links.class.getName());
    private static final Path USERSPACE_SOCKETS = Path.of("/run/wireguard");

    private final Commands commands;
    private final Programs programs;
    private final String mode;
    private final Path logDir;
    private final Map<String, Process> userspace = new ConcurrentHashMap<>();

    /** @param mode {@code kernel}, {@code userspace}, or anything else: the kernel when it has WireGuard */
    Links(Commands commands, Programs programs, String mode, Path logDir) {
        this.commands = commands;
        this.programs = programs;
        this.mode = mode;
        this.logDir = logDir;
    }

    /**
     * Only {@code ip}'s own "does not exist" means no: any other failure (no such namespace, a
     * timeout) or an interruption is thrown, as the caller would otherwise create the link anew.
     */
    boolean exists(String name) {
        try {
            commands.run(programs.ip(), "link", "show", "dev", name);
            return true;
        } catch (CommandFailed e) {
            if (e.getMessage().contains("does not exist")) return false;
            throw e;
        }
    }

    String implementation(String name) {
        return Files.exists(socket(name)) ? "userspace" : "kernel";
    }

    /** wireguard-go's control socket for the interface; only a userspace interface has it. */
    static Path socket(String name) {
        return USERSPACE_SOCKETS.resolve(name + ".sock");
    }

    /** Ends the interface's wireguard-go (if this agent runs one) and deletes the link. */
    void delete(String name) {
        Process process = userspace.remove(name);
        if (process != null) {
            process.destroy();
            Wait.until(Duration.ofSeconds(5), () -> !process.isAlive());
        }
        if (exists(name)) {
            commands.run(programs.ip(), "link", "del", "dev", name);
        }
    }

    void create(String name) {
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
                () -> !process.isAlive() || (Files.exists(socket(name)) && exists(name)));
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
     * message), one that refuses the connection is left over from a killed process (remove it).
     * Anything else leaves the socket alone: wireguard-go ends when its socket is deleted, so
     * removing a live one (say, when the check was interrupted) would take its tunnels down.
     */
    private static void claimSocket(String name) {
        Path socket = socket(name);
        if (!Files.exists(socket)) return;
        try (var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(socket));
            throw new CommandFailed("the wireguard-go socket " + socket + " belongs to another interface named " + name
                    + " (in another network namespace?); userspace interfaces on one host need distinct names");
        } catch (java.net.ConnectException refused) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                throw new CommandFailed("cannot remove the stale socket " + socket + ": " + e.getMessage());
            }
        } catch (java.nio.channels.ClosedByInterruptException e) {
            throw new CommandInterrupted("checking the wireguard-go socket " + socket + " interrupted");
        } catch (IOException e) {
            if (!Files.exists(socket)) return; // its process ended meanwhile
            throw new CommandFailed("cannot tell whether the wireguard-go socket " + socket + " is in use: " + e);
        }
    }

    /** Addresses, MTU and link state; the only part of an interface not carried by syncconf. */
    List<String> configure(WgInterface spec) {
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
