package org.tunnelgate.agent.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.json.UnknownTarget;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/**
 * Moves the node to the desired state, one change at a time (a lock serialises full applies,
 * single-peer changes and the periodic repair).
 *
 * <p>The rule every path keeps: <em>the state is written to disk before the data plane is
 * touched</em>. A crash half-way is then finished by the re-apply at the next start, and never
 * undone by it — a peer removed from the interface but still in the stored state would come back.
 *
 * <p>An interface whose data-plane change failed is remembered as failing: the state keeps what
 * the controller wants, the next apply does the full job for it instead of a peer difference
 * (which would assume the failed change had happened), and the periodic repair retries it.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final StateStore store;
    private final WireGuardPlane wireGuard;
    private final OpenVpnPlane openVpn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Failing failing = new Failing();
    private final AtomicLong applies = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private volatile DesiredState applied = DesiredState.EMPTY;
    private volatile Instant appliedAt;

    public Reconciler(StateStore store, WireGuardPlane wireGuard, OpenVpnPlane openVpn) {
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
        Object parsed = Json.parse(json);
        long generation = DesiredState.generationOf(parsed);
        long current = applied.generation();
        if (generation == current) {
            return new ApplyResult(generation, false, List.of(), List.of());
        }
        if (generation < current) {
            throw new StaleGeneration(generation, current);
        }
        return apply(DesiredState.fromJson(parsed), json);
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
            applied = next;
            appliedAt = Instant.now();
            applies.incrementAndGet();
            LOG.info(() -> "desired state applied; generation=" + next.generation() + " changes="
                    + result.changes().size() + " failures=" + result.failures().size() + " save_ms="
                    + (saved - start) / 1_000_000 + " dataplane_ms=" + (System.nanoTime() - saved) / 1_000_000);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Periodic repair: does the full job for interfaces that vanished (wireguard-go died, someone
     * deleted a link) and for those whose last change failed.
     */
    public List<String> repair() {
        lock.lock();
        try {
            var repaired = new ArrayList<String>();
            for (WgInterface spec : applied.wireguard()) {
                if (!failing.contains(spec.name()) && wireGuard.exists(spec.name())) continue;
                try {
                    repaired.addAll(wireGuard.apply(spec, Optional.empty()));
                    failing.clear(spec.name());
                    repairs.incrementAndGet();
                } catch (RuntimeException e) {
                    String reason = failing.record(spec.name(), e);
                    LOG.warning(() -> "cannot repair wireguard interface; name=" + spec.name() + " " + reason);
                }
            }
            return repaired;
        } finally {
            lock.unlock();
        }
    }

    /** Adds a peer to the stored state, then to the interface; a peer with the same key is replaced. */
    public void addPeer(String interfaceName, WgPeer peer) {
        change(new PeerChange(interfaceName, peer, peer.publicKey()));
    }

    /** Removes a peer from the stored state, then from the interface; returns its last counters when WireGuard had it. */
    public Optional<PeerStatus> removePeer(String interfaceName, String publicKey) {
        return change(new PeerChange(interfaceName, null, publicKey)).removed;
    }

    /**
     * One peer added or removed, waiting for the next batch. Single-peer changes arrive many at once
     * when people connect at once (every {@code /connect} of the controller is one), and each used to
     * cost a write of the whole state and one or two {@code wg} runs under the lock, one after the
     * other. Now whoever gets the lock takes every change waiting by then: one write of the state,
     * at most one {@code wg show dump} and one {@code wg set} per interface for all of them — the
     * others find their change done when they get the lock (group commit). Same rule as before:
     * written to disk first, then the data plane.
     */
    private static final class PeerChange {
        final String interfaceName;
        final WgPeer added;       // null: a removal
        final String publicKey;
        boolean done;             // all four written under the lock, read by the caller after it held the lock
        RuntimeException failure;
        Optional<PeerStatus> removed = Optional.empty();

        PeerChange(String interfaceName, WgPeer added, String publicKey) {
            this.interfaceName = interfaceName;
            this.added = added;
            this.publicKey = publicKey;
        }
    }

    private final ConcurrentLinkedQueue<PeerChange> waiting = new ConcurrentLinkedQueue<>();

    private PeerChange change(PeerChange change) {
        waiting.add(change);
        lock.lock();
        try {
            if (!change.done) {
                applyWaiting();
            }
        } finally {
            lock.unlock();
        }
        if (change.failure != null) {
            throw change.failure;
        }
        return change;
    }

    /** Under the lock: every waiting peer change, in arrival order, as one batch. */
    private void applyWaiting() {
        Map<String, List<PeerChange>> byInterface = new LinkedHashMap<>();
        for (PeerChange c = waiting.poll(); c != null; c = waiting.poll()) {
            byInterface.computeIfAbsent(c.interfaceName, k -> new ArrayList<>()).add(c);
        }
        DesiredState next = applied;
        Map<String, List<PeerChange>> touched = new LinkedHashMap<>();
        for (var entry : byInterface.entrySet()) {
            Optional<WgInterface> spec = next.wireguard(entry.getKey());
            if (spec.isEmpty()) {
                finish(entry.getValue(), new UnknownTarget("no wireguard interface named " + entry.getKey() + " on this node"));
                continue;
            }
            Map<String, WgPeer> peers = new LinkedHashMap<>();
            spec.get().peers().forEach(p -> peers.put(p.publicKey(), p));
            boolean changed = false;
            for (PeerChange c : entry.getValue()) {
                if (c.added != null) {
                    peers.remove(c.publicKey); // a replaced peer moves to the end, as it always did
                    peers.put(c.publicKey, c.added);
                    changed = true;
                } else if (peers.remove(c.publicKey) != null) {
                    changed = true;
                }
            }
            if (changed) {
                next = next.with(spec.get().withPeers(new ArrayList<>(peers.values())));
            }
            touched.put(entry.getKey(), entry.getValue());
        }
        if (touched.isEmpty()) {
            return;
        }
        try {
            if (next != applied) {
                save(next);
            }
        } catch (RuntimeException e) {
            touched.values().forEach(changes -> finish(changes, e));
            return;
        }
        touched.forEach(this::applyToDataPlane);
    }

    /** One interface's share of a batch: the last change of each key is what the interface gets. */
    private void applyToDataPlane(String interfaceName, List<PeerChange> changes) {
        try {
            Map<String, PeerChange> last = new LinkedHashMap<>();
            changes.forEach(c -> last.put(c.publicKey, c));
            Map<String, PeerStatus> live = new HashMap<>();
            if (changes.stream().anyMatch(c -> c.added == null)) {
                wireGuard.peers(interfaceName).forEach(p -> live.put(p.publicKey(), p));
                changes.stream().filter(c -> c.added == null).forEach(c -> c.removed = Optional.ofNullable(live.get(c.publicKey)));
            }
            List<WgPeer> add = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            for (PeerChange c : last.values()) {
                if (c.added != null) {
                    add.add(c.added);
                } else if (live.containsKey(c.publicKey)) {
                    remove.add(c.publicKey);
                }
            }
            if (!add.isEmpty() || !remove.isEmpty()) {
                wireGuard.changePeers(interfaceName, add, remove);
            }
            finish(changes, null);
        } catch (RuntimeException e) {
            failing.record(interfaceName, e);
            finish(changes, e);
        }
    }

    private static void finish(List<PeerChange> changes, RuntimeException failure) {
        for (PeerChange c : changes) {
            c.failure = failure;
            c.done = true;
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

    /** Interfaces whose last data-plane change failed, with the reason; the repair retries them. */
    public Map<String, String> failing() {
        return failing.snapshot();
    }

    /** Full states applied (repeated generations not counted). */
    public long appliesTotal() { return applies.get(); }

    /** Data-plane failures seen by applies, peer changes and repairs. */
    public long failuresTotal() { return failing.total(); }

    /** Interfaces the repair brought back. */
    public long repairsTotal() { return repairs.get(); }

    /** Called with the lock held: the new state goes to disk first, then becomes the applied one. */
    private void save(DesiredState next) {
        store.save(next);
        applied = next;
    }

    private ApplyResult converge(DesiredState next, DesiredState previous) {
        var changes = new ArrayList<String>();
        var problems = new ArrayList<String>();
        for (WgInterface old : previous.wireguard()) {
            if (next.wireguard(old.name()).isEmpty()) {
                try {
                    wireGuard.remove(old.name());
                    failing.clear(old.name());
                    changes.add("wireguard " + old.name() + ": removed");
                } catch (RuntimeException e) {
                    problems.add("wireguard " + old.name() + ": " + failing.record(old.name(), e));
                    failing.clear(old.name()); // no longer in the state: nothing for the repair to do
                }
            }
        }
        for (WgInterface spec : next.wireguard()) {
            // after a failure the interface may hold anything: no peer difference, the full job
            var known = failing.contains(spec.name()) ? Optional.<WgInterface>empty() : previous.wireguard(spec.name());
            try {
                changes.addAll(wireGuard.apply(spec, known));
                failing.clear(spec.name());
            } catch (RuntimeException e) {
                problems.add("wireguard " + spec.name() + ": " + failing.record(spec.name(), e));
            }
        }
        int before = problems.size();
        openVpn.apply(next.openvpn(), changes, problems);
        failing.count(problems.size() - before);
        return new ApplyResult(next.generation(), true, List.copyOf(changes), List.copyOf(problems));
    }
}
