package org.tunnelgate.agent.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.tunnelgate.agent.UnknownTarget;
import org.tunnelgate.agent.http.Json;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.wireguard.PeerStatus;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * Moves the node to the desired state, one change at a time (a lock serialises full applies,
 * single-peer changes and the periodic repair). The state is written to disk before the data
 * plane is touched, so a crash mid-way is finished by the re-apply at the next start.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final StateStore store;
    private final WireGuard wireGuard;
    private final OpenVpn openVpn;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile DesiredState applied = DesiredState.EMPTY;
    private volatile Instant appliedAt;

    public Reconciler(StateStore store, WireGuard wireGuard, OpenVpn openVpn) {
        this.store = store;
        this.wireGuard = wireGuard;
        this.openVpn = openVpn;
    }

    /** At start: brings back the stored state (adopting interfaces and processes that survived). */
    public ApplyResult restore() {
        lock.lock();
        try {
            var stored = store.load();
            if (stored.isEmpty()) {
                return new ApplyResult(0, false, List.of(), List.of());
            }
            var result = converge(stored.get(), DesiredState.EMPTY);
            applied = stored.get();
            appliedAt = Instant.now();
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a desired state from its JSON text. A repeated generation is answered before the
     * (for 10,000 peers, not free) validation; anything newer is validated completely first.
     */
    public ApplyResult apply(String json) {
        long parseStart = System.nanoTime();
        Object parsed = Json.parse(json);
        LOG.fine(() -> "desired state parsed; ms=" + (System.nanoTime() - parseStart) / 1_000_000);
        long generation = DesiredState.generationOf(parsed);
        long current = applied.generation();
        if (generation == current) {
            return new ApplyResult(generation, false, List.of(), List.of());
        }
        if (generation < current) {
            throw new StaleGeneration(generation, current);
        }
        long start = System.nanoTime();
        DesiredState next = DesiredState.fromJson(parsed);
        long validated = System.nanoTime();
        LOG.fine(() -> "desired state validated; generation=" + generation + " ms=" + (validated - start) / 1_000_000);
        return apply(next, json);
    }

    /** {@code json} is what gets stored: the request itself once it has been validated. */
    private ApplyResult apply(DesiredState next, String json) {
        lock.lock();
        try {
            DesiredState previous = applied;
            if (next.generation() == previous.generation()) {
                return new ApplyResult(next.generation(), false, List.of(), List.of());
            }
            if (next.generation() < previous.generation()) {
                throw new StaleGeneration(next.generation(), previous.generation());
            }
            long start = System.nanoTime();
            store.save(json);
            long saved = System.nanoTime();
            var result = converge(next, previous);
            long done = System.nanoTime();
            applied = next;
            appliedAt = Instant.now();
            LOG.info(() -> "desired state applied; generation=" + next.generation() + " changes="
                    + result.changes().size() + " failures=" + result.failures().size() + " save_ms="
                    + (saved - start) / 1_000_000 + " dataplane_ms=" + (done - saved) / 1_000_000);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Periodic repair: recreates interfaces that vanished (wireguard-go died, someone deleted a link). */
    public List<String> repair() {
        lock.lock();
        try {
            var repaired = new ArrayList<String>();
            for (WgInterface spec : applied.wireguard()) {
                if (!wireGuard.exists(spec.name())) {
                    try {
                        repaired.addAll(wireGuard.apply(spec, Optional.empty()));
                    } catch (CommandFailed e) {
                        LOG.warning(() -> "cannot recreate wireguard interface; name=" + spec.name() + " " + e.getMessage());
                    }
                }
            }
            return repaired;
        } finally {
            lock.unlock();
        }
    }

    public void addPeer(String interfaceName, WgPeer peer) {
        lock.lock();
        try {
            WgInterface spec = interfaceNamed(interfaceName);
            var peers = new ArrayList<WgPeer>(spec.peers().size() + 1);
            spec.peers().stream().filter(p -> !p.publicKey().equals(peer.publicKey())).forEach(peers::add);
            peers.add(peer);
            wireGuard.addPeer(interfaceName, peer);
            applied = applied.with(spec.withPeers(peers));
            store.save(applied);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a peer; returns its last counters when WireGuard still had it. */
    public Optional<PeerStatus> removePeer(String interfaceName, String publicKey) {
        lock.lock();
        try {
            WgInterface spec = interfaceNamed(interfaceName);
            Optional<PeerStatus> live = wireGuard.peers(interfaceName).stream()
                    .filter(p -> p.publicKey().equals(publicKey))
                    .findFirst();
            boolean known = spec.peers().stream().anyMatch(p -> p.publicKey().equals(publicKey));
            if (live.isPresent()) {
                wireGuard.removePeer(interfaceName, publicKey);
            }
            if (known) {
                applied = applied.with(spec.withPeers(spec.peers().stream()
                        .filter(p -> !p.publicKey().equals(publicKey))
                        .toList()));
                store.save(applied);
            }
            return live;
        } finally {
            lock.unlock();
        }
    }

    public DesiredState applied() {
        return applied;
    }

    public Optional<Instant> appliedAt() {
        return Optional.ofNullable(appliedAt);
    }

    public WgInterface interfaceNamed(String name) {
        return applied.wireguard(name)
                .orElseThrow(() -> new UnknownTarget("no wireguard interface named " + name + " on this node"));
    }

    private ApplyResult converge(DesiredState next, DesiredState previous) {
        var changes = new ArrayList<String>();
        var failures = new ArrayList<String>();
        for (WgInterface old : previous.wireguard()) {
            if (next.wireguard(old.name()).isEmpty()) {
                try {
                    wireGuard.remove(old.name());
                    changes.add("wireguard " + old.name() + ": removed");
                } catch (CommandFailed e) {
                    failures.add("wireguard " + old.name() + ": " + e.getMessage());
                }
            }
        }
        for (WgInterface spec : next.wireguard()) {
            try {
                changes.addAll(wireGuard.apply(spec, previous.wireguard(spec.name())));
            } catch (CommandFailed e) {
                failures.add("wireguard " + spec.name() + ": " + e.getMessage());
            }
        }
        openVpn.apply(next.openvpn(), changes, failures);
        return new ApplyResult(next.generation(), true, List.copyOf(changes), List.copyOf(failures));
    }
}
