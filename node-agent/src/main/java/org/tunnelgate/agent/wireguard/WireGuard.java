package org.tunnelgate.agent.wireguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.tunnelgate.agent.apply.PeerStatus;
import org.tunnelgate.agent.apply.WireGuardPlane;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Programs;

/**
 * The node's WireGuard interfaces. Full peer sets go through {@code wg syncconf} (it diffs
 * against what the interface has, so re-applying is cheap), peer changes straight to wireguard-go's
 * control socket on a userspace interface and through {@code wg set} on a kernel one.
 * An interface that already exists when the agent starts is adopted, not recreated, so an agent
 * restart does not interrupt tunnels. The link itself (kernel or wireguard-go, addresses, MTU):
 * {@link Links}.
 */
public final class WireGuard implements WireGuardPlane {

    private static final Logger LOG = Logger.getLogger(WireGuard.class.getName());
    private static final int MAX_DELTA = 2000; // beyond this a syncconf is as cheap and argv stays small
    // wireguard-go answers within milliseconds; a stuck one must not hold the agent's lock for long
    private static final Duration UAPI_TIMEOUT = Duration.ofSeconds(10);

    private final Commands commands;
    private final Programs programs;
    private final Links links;
    private final Path keyDir;
    private final Set<String> configured = ConcurrentHashMap.newKeySet();

    public WireGuard(Commands commands, Programs programs, String mode, Path stateDir) {
        this.commands = commands;
        this.programs = programs;
        this.links = new Links(commands, programs, mode, stateDir.resolve("log"));
        this.keyDir = stateDir.resolve("wireguard");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first time this agent run configures an interface it does the full job (create or
     * adopt, addresses, MTU, {@code wg syncconf}). After that, while the interface settings stay
     * the same, only the peer difference is sent, in one request to wireguard-go or one {@code wg set}:
     * for 1 % churn on 10,000 peers that avoids re-reading and diffing every peer. A failure there falls back to the full
     * path, and the periodic repair does the full path for an interface that vanished.
     */
    @Override
    public List<String> apply(WgInterface spec, Optional<WgInterface> previous) {
        if (previous.isPresent() && configured.contains(spec.name()) && sameInterface(previous.get(), spec)) {
            var delta = PeerDelta.between(previous.get(), spec);
            if (delta.size() <= MAX_DELTA) {
                try {
                    if (!delta.isEmpty()) {
                        setPeers(spec.name(), delta.removed(), delta.addedOrChanged());
                    }
                    return delta.describe(spec.name()).map(List::of).orElse(List.of());
                } catch (CommandFailed e) {
                    LOG.warning(() -> "the peer difference failed, doing a full sync; name=" + spec.name() + " " + e.getMessage());
                }
            }
        }
        configured.remove(spec.name());
        var changes = new ArrayList<String>();
        if (!links.exists(spec.name())) {
            links.create(spec.name());
            changes.add("wireguard " + spec.name() + ": created (" + implementation(spec.name()) + ")");
            previous = Optional.empty();
        }
        changes.addAll(links.configure(spec));
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
        setPeers(name, List.of(), List.of(peer));
    }

    @Override
    public void removePeer(String name, String publicKey) {
        setPeers(name, List.of(publicKey), List.of());
    }

    @Override
    public void changePeers(String name, List<WgPeer> add, List<String> remove) {
        setPeers(name, remove, add);
    }

    /**
     * Removes, then adds or re-sets peers in one step: over wireguard-go's control socket for a
     * userspace interface ({@link Uapi}, no process started), with one {@code wg set} for a kernel
     * one. A socket that cannot be reached gets one {@code wg set} as a second chance; a refusal
     * or a timeout does not, as {@code wg set} would meet the same wireguard-go.
     */
    private void setPeers(String name, List<String> remove, List<WgPeer> add) {
        Path socket = Links.socket(name);
        if (Files.exists(socket)) {
            try {
                Uapi.setPeers(socket, remove, add, UAPI_TIMEOUT);
                return;
            } catch (IOException e) {
                LOG.warning(() -> "the wireguard-go socket failed, trying wg set; name=" + name + " " + e);
            }
        }
        var argv = new ArrayList<String>(3 + (remove.size() + add.size()) * 4);
        argv.addAll(List.of(programs.wg(), "set", name));
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
        links.delete(name);
    }

    @Override
    public boolean exists(String name) {
        return links.exists(name);
    }

    /** {@code kernel} or {@code userspace} (wireguard-go). */
    public String implementation(String name) {
        return links.implementation(name);
    }

    public String publicKey(String name) {
        return Keys.publicKey(privateKey(name));
    }

    private String privateKey(String name) {
        return Keys.privateKey(keyDir.resolve(name + ".key"));
    }
}
