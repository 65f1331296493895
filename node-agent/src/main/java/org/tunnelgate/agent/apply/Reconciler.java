package org.tunnelgate.agent.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Single-peer changes that arrive together are applied together ({@link PeerChanges}).
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
    private final PeerChanges peerChanges;

    public Reconciler(StateStore store, WireGuardPlane wireGuard, OpenVpnPlane openVpn) {
        this.store = store;
        this.wireGuard = wireGuard;
        this.openVpn = openVpn;
        // called with the lock held: the changes go to disk first, then the new state becomes the applied one
        this.peerChanges = new PeerChanges(lock, () -> applied, (next, edits) -> {
            store.save(next, edits);
            applied = next;
        }, wireGuard, failing);
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

    /**
     * Adds a peer to the stored state, then to the interface; a peer with the same key is replaced.
     * The peers named by {@code replaces} (an app's previous keys) leave the interface in the same
     * step: one journal write, one change of the interface, removals first. Their own key and
     * repeated keys in {@code replaces} are ignored, and so are keys the interface does not have.
     *
     * @return how many of {@code replaces} the stored state had (and no longer has)
     */
    public int addPeer(String interfaceName, WgPeer peer, List<String> replaces) {
        List<String> others = replaces.stream().filter(key -> !key.equals(peer.publicKey())).distinct().toList();
        return peerChanges.change(PeerChanges.PeerChange.addition(interfaceName, peer, others)).replaced;
    }

    /** Removes a peer from the stored state, then from the interface; returns its last counters when WireGuard had it. */
    public Optional<PeerStatus> removePeer(String interfaceName, String publicKey) {
        return removePeer(interfaceName, publicKey, true);
    }

    /**
     * {@link #removePeer(String, String)}; without {@code counters} nothing is read from WireGuard
     * (no {@code wg show dump} of the interface) and the answer is always empty.
     */
    public Optional<PeerStatus> removePeer(String interfaceName, String publicKey, boolean counters) {
        return peerChanges.change(PeerChanges.PeerChange.removal(interfaceName, publicKey, counters)).removed;
    }

    /** Single-peer changes waiting for the lock (a batch in the making). */
    int peerChangesWaiting() {
        return peerChanges.waiting();
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
