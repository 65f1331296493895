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

    /** One {@code wg set} for the whole difference (public keys and addresses only: nothing secret). */
    String[] wgSetArguments(String wg, String name) {
        var argv = new ArrayList<String>(4 + size() * 4);
        argv.addAll(List.of(wg, "set", name));
        for (String key : removed) {
            argv.addAll(List.of("peer", key, "remove"));
        }
        for (WgPeer peer : added) {
            argv.addAll(List.of("peer", peer.publicKey(), "allowed-ips", WgConf.allowedIps(peer)));
        }
        for (WgPeer peer : changed) {
            argv.addAll(List.of("peer", peer.publicKey(), "allowed-ips", WgConf.allowedIps(peer)));
        }
        return argv.toArray(String[]::new);
    }

    Optional<String> describe(String name) {
        if (isEmpty()) return Optional.empty();
        return Optional.of("wireguard " + name + ": peers +" + added.size() + " -" + removed.size() + " ~" + changed.size());
    }
}
