package org.tunnelgate.agent.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.OpenVpnProfile;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;

/**
 * A hand-written data plane for unit tests of the {@link Reconciler}: keeps interfaces and peers
 * in maps, fails on the interfaces it is told to, and records every call together with the state
 * that was on disk at that moment — which is how the tests see that the state is saved first.
 */
final class FakeDataPlane implements WireGuardPlane, OpenVpnPlane {

    /** One call into the data plane, and what {@code state.json} held when it came. */
    record Call(String what, String target, Optional<DesiredState> onDisk) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, WgPeer>> interfaces = new ConcurrentHashMap<>();
    final Set<String> broken = ConcurrentHashMap.newKeySet();
    final List<List<String>> openVpnProfiles = new CopyOnWriteArrayList<>();
    private final StateStore store;

    FakeDataPlane(StateStore store) {
        this.store = store;
    }

    /** Calls that change something (reads like {@code exists} and {@code peers} left out). */
    List<Call> changes() {
        return calls.stream().filter(c -> !c.what().equals("exists") && !c.what().equals("peers")).toList();
    }

    @Override
    public List<String> apply(WgInterface spec, Optional<WgInterface> previous) {
        record(previous.isPresent() ? "apply-difference" : "apply-full", spec.name());
        failIfBroken(spec.name());
        var peers = new LinkedHashMap<String, WgPeer>();
        spec.peers().forEach(p -> peers.put(p.publicKey(), p));
        interfaces.put(spec.name(), peers);
        return List.of("wireguard " + spec.name() + ": " + spec.peers().size() + " peers");
    }

    @Override
    public void remove(String name) {
        record("remove", name);
        failIfBroken(name);
        interfaces.remove(name);
    }

    @Override
    public boolean exists(String name) {
        record("exists", name);
        return interfaces.containsKey(name);
    }

    @Override
    public void addPeer(String name, WgPeer peer) {
        record("add-peer", name + "/" + peer.publicKey());
        failIfBroken(name);
        interfaces.get(name).put(peer.publicKey(), peer);
    }

    @Override
    public void removePeer(String name, String publicKey) {
        record("remove-peer", name + "/" + publicKey);
        failIfBroken(name);
        interfaces.get(name).remove(publicKey);
    }

    /** Each {@code changePeers} call: how many peers it added and removed at once. */
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** When set, the next {@code changePeers} waits here (a test holds the reconciler's lock with it). */
    volatile java.util.concurrent.CountDownLatch holdNextBatch;
    final java.util.concurrent.CountDownLatch batchHeld = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void changePeers(String name, List<WgPeer> add, List<String> remove) {
        var hold = holdNextBatch;
        if (hold != null) {
            holdNextBatch = null;
            batchHeld.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        batchSizes.add(add.size() + remove.size());
        for (String key : remove) {
            removePeer(name, key);
        }
        for (WgPeer peer : add) {
            addPeer(name, peer);
        }
    }

    @Override
    public List<PeerStatus> peers(String name) {
        record("peers", name);
        failIfBroken(name);
        var live = interfaces.get(name);
        if (live == null) throw new CommandFailed("wg show " + name + " failed: no such device");
        return live.values().stream()
                .map(p -> new PeerStatus(p.publicKey(), Optional.empty(), p.allowedIps().stream().map(IpNet::text).toList(),
                        0, 100, 200))
                .toList();
    }

    @Override
    public void apply(List<OpenVpnProfile> profiles, List<String> changes, List<String> failures) {
        record("openvpn", String.join(",", profiles.stream().map(OpenVpnProfile::name).toList()));
        openVpnProfiles.add(profiles.stream().map(OpenVpnProfile::name).toList());
    }

    private void record(String what, String target) {
        calls.add(new Call(what, target, store.load()));
    }

    private void failIfBroken(String name) {
        if (broken.contains(name)) {
            throw new CommandFailed("ip link add dev " + name + " failed (exit 2): RTNETLINK answers: Operation not permitted");
        }
    }

    static List<String> names(List<Call> calls) {
        var out = new ArrayList<String>();
        calls.forEach(c -> out.add(c.what() + " " + c.target()));
        return out;
    }
}
