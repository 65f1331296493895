package org.tunnelgate.node.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one reconciliation run does about a node's WireGuard peers, decided from what the node
 * reported, what the database wants and what the run before found missing. Up to
 * {@value #MAX_PEER_REPAIRS} differences are repaired peer by peer: a peer the database no longer has
 * is removed at once; a peer the node lacks is added only when the run before found it missing too,
 * since under {@code /connect} load most missing peers are pushes still on their way. A peer whose
 * allowed IPs differ shows as missing and extra with the same key: it is never removed, only added
 * (the addition replaces its allowed IPs). More differences, or a state that must go out anyway (a
 * renewed OpenVPN server certificate), are repaired with the complete state.
 */
public record PeerRepair(boolean completeState, Set<Peer> missing, Set<Peer> extra, List<Peer> add, List<Peer> remove) {

    /** More differing peers than this are repaired with the complete desired state. */
    public static final int MAX_PEER_REPAIRS = 256;

    /** A WireGuard peer as compared: its interface, key and allowed IPs in a fixed order. */
    public record Peer(String interfaceName, String publicKey, List<String> allowedIps) {
        public static Peer of(String interfaceName, String publicKey, List<String> allowedIps) {
            return new Peer(interfaceName, publicKey, List.copyOf(new TreeSet<>(allowedIps)));
        }
    }

    public static PeerRepair plan(Set<Peer> reported, Set<Peer> wanted, Set<Peer> missingBefore, boolean stateDue) {
        Set<Peer> missing = new HashSet<>(wanted);
        missing.removeAll(reported);
        Set<Peer> extra = new HashSet<>(reported);
        extra.removeAll(wanted);
        if (stateDue || missing.size() + extra.size() > MAX_PEER_REPAIRS) {
            return new PeerRepair(true, Set.copyOf(missing), Set.copyOf(extra), List.of(), List.of());
        }
        Set<String> keysToAdd = new HashSet<>();
        missing.forEach(p -> keysToAdd.add(p.publicKey()));
        List<Peer> remove = new ArrayList<>();
        for (Peer peer : extra) {
            if (!keysToAdd.contains(peer.publicKey())) {
                remove.add(peer);
            }
        }
        List<Peer> add = new ArrayList<>();
        for (Peer peer : missing) {
            if (missingBefore.contains(peer)) {
                add.add(peer);
            }
        }
        return new PeerRepair(false, Set.copyOf(missing), Set.copyOf(extra), List.copyOf(add), List.copyOf(remove));
    }

    /** Whether the node differs from the database at all. */
    public boolean differs() {
        return !missing.isEmpty() || !extra.isEmpty();
    }
}
