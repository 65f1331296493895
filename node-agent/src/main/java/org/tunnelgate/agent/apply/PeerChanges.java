package org.tunnelgate.agent.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.tunnelgate.agent.json.UnknownTarget;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/**
 * Single-peer changes, applied in batches (group commit). They arrive many at once when people
 * connect at once (every {@code /connect} of the controller is one), and each used to cost a write
 * of the whole state and one or two {@code wg} runs under the lock, one after the other. Now whoever
 * gets the {@link Reconciler}'s lock takes every change waiting by then: one write to the journal, at
 * most one {@code wg show dump} and one {@code wg set} per interface for all of them — the others
 * find their change done when they get the lock. Same rule as every path of the reconciler: written
 * to disk first, then the data plane.
 */
final class PeerChanges {

    /**
     * One peer added or removed, waiting for the next batch. An addition may replace other peers of
     * the interface ({@code replaces}, other keys than its own): they are removed just before it, in
     * the same batch — one queue entry, so no batch can hold the removals without the addition.
     */
    static final class PeerChange {
        final String interfaceName;
        final WgPeer added;         // null: a removal
        final String publicKey;
        final List<String> replaces; // removed before the addition; empty for a removal
        final boolean counters;     // a removal whose caller wants the peer's last counters
        // the outcome: written under the lock, read by the caller after it held the lock
        boolean done;
        RuntimeException failure;
        Optional<PeerStatus> removed = Optional.empty();
        int replaced;               // keys of replaces that the desired state had

        private PeerChange(String interfaceName, WgPeer added, String publicKey, List<String> replaces, boolean counters) {
            this.interfaceName = interfaceName;
            this.added = added;
            this.publicKey = publicKey;
            this.replaces = replaces;
            this.counters = counters;
        }

        static PeerChange addition(String interfaceName, WgPeer peer, List<String> replaces) {
            return new PeerChange(interfaceName, peer, peer.publicKey(), List.copyOf(replaces), false);
        }

        static PeerChange removal(String interfaceName, String publicKey, boolean counters) {
            return new PeerChange(interfaceName, null, publicKey, List.of(), counters);
        }

        /** What it does to the stored state, in order: the replaced peers' removals, then its own edit. */
        List<StateJournal.PeerEdit> edits() {
            List<StateJournal.PeerEdit> edits = new ArrayList<>(replaces.size() + 1);
            replaces.forEach(key -> edits.add(new StateJournal.PeerEdit(interfaceName, null, key)));
            edits.add(new StateJournal.PeerEdit(interfaceName, added, publicKey));
            return edits;
        }
    }

    private final ConcurrentLinkedQueue<PeerChange> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock;
    private final Supplier<DesiredState> applied;
    private final BiConsumer<DesiredState, List<StateJournal.PeerEdit>> save;
    private final WireGuardPlane wireGuard;
    private final Failing failing;

    /**
     * @param applied the reconciler's applied state (read under the lock)
     * @param save    stores the changes that made the new state (to disk, see {@link StateStore}) and
     *                makes it the applied one (called under the lock)
     */
    PeerChanges(ReentrantLock lock, Supplier<DesiredState> applied, BiConsumer<DesiredState, List<StateJournal.PeerEdit>> save,
                WireGuardPlane wireGuard, Failing failing) {
        this.lock = lock;
        this.applied = applied;
        this.save = save;
        this.wireGuard = wireGuard;
        this.failing = failing;
    }

    /** How many changes wait for the lock now. */
    int waiting() {
        return waiting.size();
    }

    /** Waits until the change is done (by this thread's batch or another's); throws its failure. */
    PeerChange change(PeerChange change) {
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
        DesiredState current = applied.get();
        DesiredState next = current;
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
                for (String key : c.replaces) {
                    if (peers.remove(key) != null) {
                        c.replaced++;
                        changed = true;
                    }
                }
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
            if (next != current) {
                List<StateJournal.PeerEdit> edits = new ArrayList<>();
                touched.values().forEach(changes -> changes.forEach(c -> edits.addAll(c.edits())));
                save.accept(next, edits);
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
            // each key's last change in arrival order: the peer to add, or empty for a removal
            Map<String, Optional<WgPeer>> last = new LinkedHashMap<>();
            for (PeerChange c : changes) {
                c.replaces.forEach(key -> last.put(key, Optional.empty()));
                last.put(c.publicKey, Optional.ofNullable(c.added));
            }
            // The counters of removed peers cost a `wg show dump` of the whole interface (10,000 peers
            // on a full node); only read when a caller asked for them. Without it, every removed key is
            // removed (WireGuard ignores the removal of a peer it does not have).
            Map<String, PeerStatus> live = null;
            if (changes.stream().anyMatch(c -> c.added == null && c.counters)) {
                Map<String, PeerStatus> dumped = new HashMap<>();
                wireGuard.peers(interfaceName).forEach(p -> dumped.put(p.publicKey(), p));
                changes.stream().filter(c -> c.added == null).forEach(c -> c.removed = Optional.ofNullable(dumped.get(c.publicKey)));
                live = dumped;
            }
            List<WgPeer> add = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            for (var change : last.entrySet()) {
                if (change.getValue().isPresent()) {
                    add.add(change.getValue().get());
                } else if (live == null || live.containsKey(change.getKey())) {
                    remove.add(change.getKey());
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
}
