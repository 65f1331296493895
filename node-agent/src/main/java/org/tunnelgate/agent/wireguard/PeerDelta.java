package org.tunnelgate.agent.wireguard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/** The peers to remove and to add or change between two peer sets of one interface. */
record PeerDelta(List<String> removed, List<WgPeer> added, List<WgPeer> changed) {

    static PeerDelta between(WgInterface before, WgInterface after) {
        return between(before.peers(), after);
    }

    static PeerDelta between(List<WgPeer> before, WgInterface after) {
        Map<String, WgPeer> old = new HashMap<>(before.size() * 2);
        before.forEach(p -> old.put(p.publicKey(), p));
        var added = new ArrayList<WgPeer>();
        var changed = new ArrayList<WgPeer>();
        for (WgPeer peer : after.peers()) {
            WgPeer was = old.remove(peer.publicKey());
            if (was == null) {
                added.add(peer);
            } else if (!was.allowedIps().equals(peer.allowedIps())) {
                changed.add(peer);
            }
        }
        return new PeerDelta(List.copyOf(old.keySet()), added, changed);
    }

    int size() {
        return removed.size() + added.size() + changed.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The peers to create or whose allowed IPs to re-set. */
    List<WgPeer> addedOrChanged() {
        var all = new ArrayList<WgPeer>(added.size() + changed.size());
        all.addAll(added);
        all.addAll(changed);
        return all;
    }

    Optional<String> describe(String name) {
        if (isEmpty()) return Optional.empty();
        return Optional.of("wireguard " + name + ": peers +" + added.size() + " -" + removed.size() + " ~" + changed.size());
    }
}
