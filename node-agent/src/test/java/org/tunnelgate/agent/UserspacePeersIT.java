package org.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.apply.PeerStatus;
import org.tunnelgate.agent.apply.Reconciler;
import org.tunnelgate.agent.apply.StateStore;
import org.tunnelgate.agent.apply.WireGuardPlane;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandInterrupted;
import org.tunnelgate.agent.system.Commands;
import org.tunnelgate.agent.system.Programs;
import org.tunnelgate.agent.wireguard.Keys;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * The agent's {@link WireGuard} changing the peers of a real wireguard-go interface in the node
 * namespace of a {@link NetnsLab}, checked with {@code wg show <iface> dump} in that namespace.
 * The changes must go over wireguard-go's control socket: no {@code wg set} may run (the programs
 * the agent runs are seen in the log of {@link Commands}). An addition that replaces peers goes
 * through a real {@link Reconciler} as well: one request for the removals and the addition.
 */
class UserspacePeersIT {

    private static final Logger COMMANDS_LOG = Logger.getLogger(Commands.class.getName());

    private static NetnsLab lab;
    private static WireGuard wireGuard;
    private static String iface;
    private static WgInterface spec;
    private static Level logLevel;
    private static final List<String> ran = new CopyOnWriteArrayList<>();
    private static final Handler RAN = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage().startsWith("ran ")) ran.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void createInterface() throws Exception {
        lab = new NetnsLab();
        iface = lab.prefix + "-wg";
        wireGuard = new WireGuard(new Commands("ip", Optional.of(lab.node)),
                new Programs("ip", "wg", "wireguard-go", "openvpn"), "userspace", lab.dir.resolve("state"));
        spec = new WgInterface(iface, 51820, List.of(IpNet.parse("10.214.0.1/24", "test")), WgInterface.DEFAULT_MTU,
                List.of());
        wireGuard.apply(spec, Optional.empty());
        assertThat(wireGuard.implementation(iface)).isEqualTo("userspace");
        logLevel = COMMANDS_LOG.getLevel();
        COMMANDS_LOG.setLevel(Level.FINE);
        COMMANDS_LOG.addHandler(RAN);
    }

    @AfterAll
    static void deleteInterface() {
        COMMANDS_LOG.removeHandler(RAN);
        COMMANDS_LOG.setLevel(logLevel);
        try {
            if (wireGuard != null) wireGuard.remove(iface);
        } finally {
            if (lab != null) lab.close();
        }
    }

    @BeforeEach
    void forgetWhatRan() {
        ran.clear();
    }

    @Test
    void added_peers_appear_with_their_allowed_ips_and_re_adding_one_replaces_them() {
        var a = newPeer("10.214.0.2/32", "fd00:214::2/128");
        var b = newPeer("10.214.0.3/32");
        var c = newPeer("10.214.0.4/32");

        wireGuard.addPeer(iface, a);
        wireGuard.changePeers(iface, List.of(b, c), List.of());
        wireGuard.addPeer(iface, peer(b.publicKey(), "10.214.0.5/32", "10.214.1.0/24"));
        wireGuard.changePeers(iface, List.of(peer(c.publicKey())), List.of());

        assertThat(dump()).containsEntry(a.publicKey(), "10.214.0.2/32,fd00:214::2/128")
                .containsEntry(b.publicKey(), "10.214.0.5/32,10.214.1.0/24")
                .containsEntry(c.publicKey(), "(none)");
        assertThat(ran).as("programs run").noneMatch(command -> command.contains(" set "));
    }

    @Test
    void removing_peers_keeps_the_others_and_an_unknown_key_is_no_error() {
        var a = newPeer("10.214.0.12/32");
        var b = newPeer("10.214.0.13/32");
        var c = newPeer("10.214.0.14/32");
        wireGuard.changePeers(iface, List.of(a, b, c), List.of());

        wireGuard.removePeer(iface, a.publicKey());
        wireGuard.removePeer(iface, a.publicKey());
        wireGuard.changePeers(iface, List.of(), List.of(b.publicKey(), newPeer().publicKey()));

        assertThat(dump()).doesNotContainKeys(a.publicKey(), b.publicKey()).containsEntry(c.publicKey(), "10.214.0.14/32");
        assertThat(ran).as("programs run").noneMatch(command -> command.contains(" set "));
    }

    @Test
    void a_peer_removed_and_added_in_one_change_ends_present_with_the_new_allowed_ips() {
        var a = newPeer("10.214.0.22/32");
        wireGuard.addPeer(iface, a);

        wireGuard.changePeers(iface, List.of(peer(a.publicKey(), "10.214.0.23/32")), List.of(a.publicKey()));

        assertThat(dump()).containsEntry(a.publicKey(), "10.214.0.23/32");
        assertThat(ran).as("programs run").noneMatch(command -> command.contains(" set "));
    }

    @Test
    void a_later_state_sends_only_the_peer_difference_over_the_socket() {
        var kept = newPeer("10.214.0.32/32");
        var changed = newPeer("10.214.0.33/32");
        var dropped = newPeer("10.214.0.34/32");
        var before = withPeers(List.of(kept, changed, dropped));
        wireGuard.apply(before, Optional.empty());
        ran.clear();
        var after = withPeers(List.of(kept, peer(changed.publicKey(), "10.214.0.35/32"), newPeer("10.214.0.36/32")));

        var changes = wireGuard.apply(after, Optional.of(before));

        assertThat(changes).containsExactly("wireguard " + iface + ": peers +1 -1 ~1");
        var peers = dump();
        assertThat(peers).hasSize(3).containsEntry(kept.publicKey(), "10.214.0.32/32")
                .containsEntry(changed.publicKey(), "10.214.0.35/32")
                .containsEntry(after.peers().get(2).publicKey(), "10.214.0.36/32");
        assertThat(ran).as("programs run").isEmpty();
    }

    @Test
    void an_addition_that_replaces_peers_is_one_request_to_wireguard_go(@TempDir Path stateDir) {
        var old = newPeer("10.214.0.42/32");
        var older = newPeer("10.214.0.43/32");
        var kept = newPeer("10.214.0.44/32");
        var plane = new CountingPlane(wireGuard);
        var reconciler = new Reconciler(new StateStore(stateDir), plane, (profiles, changes, failures) -> {});
        reconciler.apply(Json.write(Json.object("generation", 1, "wireguard", List.of(Json.object("name", iface,
                "listen_port", spec.listenPort(), "addresses", List.of("10.214.0.1/24"),
                "peers", List.of(old.toJson(), older.toJson(), kept.toJson()))))));
        ran.clear();
        plane.peerChanges.set(0);
        var next = newPeer("10.214.0.45/32");

        int replaced = reconciler.addPeer(iface, next, List.of(old.publicKey(), older.publicKey()));

        assertThat(replaced).isEqualTo(2);
        assertThat(plane.peerChanges).as("peer changes sent to wireguard-go").hasValue(1);
        assertThat(ran).as("programs run: the change went over the socket").isEmpty();
        assertThat(dump()).doesNotContainKeys(old.publicKey(), older.publicKey())
                .containsEntry(kept.publicKey(), "10.214.0.44/32").containsEntry(next.publicKey(), "10.214.0.45/32");
    }

    /**
     * An agent stopping interrupts whatever its threads are waiting for. A full apply interrupted
     * while it asked whether the link exists once read the failed {@code ip link show} as "no
     * link", went on to create it, took the live control socket for a stale one and deleted it —
     * and wireguard-go ends when its socket goes, with every tunnel of the interface.
     */
    @Test
    void an_interrupted_full_apply_leaves_the_running_interface_and_its_peers_alone() {
        var kept = newPeer("10.214.0.52/32");
        wireGuard.addPeer(iface, kept);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> wireGuard.apply(withPeers(List.of(kept)), Optional.empty()))
                    .isInstanceOf(CommandInterrupted.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(Path.of("/run/wireguard", iface + ".sock")).as("wireguard-go's control socket").exists();
        assertThat(dump()).as("the interface and its peers").containsEntry(kept.publicKey(), "10.214.0.52/32");
    }

    private static WgInterface withPeers(List<WgPeer> peers) {
        return new WgInterface(spec.name(), spec.listenPort(), spec.addresses(), spec.mtu(), peers);
    }

    private static WgPeer newPeer(String... allowedIps) {
        return peer(Keys.publicKey(Keys.generatePrivate()), allowedIps);
    }

    private static WgPeer peer(String publicKey, String... allowedIps) {
        return new WgPeer(publicKey, List.of(allowedIps).stream().map(ip -> IpNet.parse(ip, "test")).toList());
    }

    /**
     * The real {@link WireGuard}, counting the peer changes it is asked for: each is one {@code set=1}
     * request on a userspace interface's control socket (or one {@code wg set}, which {@link #ran} would show).
     */
    private static final class CountingPlane implements WireGuardPlane {
        final AtomicInteger peerChanges = new AtomicInteger();
        private final WireGuard real;

        CountingPlane(WireGuard real) {
            this.real = real;
        }

        @Override
        public List<String> apply(WgInterface spec, Optional<WgInterface> previous) {
            return real.apply(spec, previous);
        }

        @Override
        public void remove(String name) {
            real.remove(name);
        }

        @Override
        public boolean exists(String name) {
            return real.exists(name);
        }

        @Override
        public void addPeer(String name, WgPeer peer) {
            peerChanges.incrementAndGet();
            real.addPeer(name, peer);
        }

        @Override
        public void removePeer(String name, String publicKey) {
            peerChanges.incrementAndGet();
            real.removePeer(name, publicKey);
        }

        @Override
        public void changePeers(String name, List<WgPeer> add, List<String> remove) {
            peerChanges.incrementAndGet();
            real.changePeers(name, add, remove);
        }

        @Override
        public List<PeerStatus> peers(String name) {
            return real.peers(name);
        }
    }

    /** Public key to allowed IPs, as {@code wg show <iface> dump} in the node namespace prints them. */
    private static Map<String, String> dump() {
        var peers = new HashMap<String, String>();
        String dump = lab.run("ip", "netns", "exec", lab.node, "wg", "show", iface, "dump");
        dump.lines().skip(1).map(line -> line.split("\t")).forEach(f -> peers.put(f[0], f[3]));
        return peers;
    }
}
