package org.tunnelgate.agent.apply;

import java.util.List;
import java.util.Optional;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/**
 * The WireGuard half of the data plane as the {@link Reconciler} sees it: the real driver runs
 * {@code ip}, {@code wg} and {@code wireguard-go}; tests use a fake that records every call. A
 * failure is thrown as {@link org.tunnelgate.agent.system.CommandFailed} with a message that is
 * safe to show (never key material).
 */
public interface WireGuardPlane {

    /**
     * Brings one interface to {@code spec}; returns what changed, in words. {@code previous} is
     * what the interface was last brought to by this agent run, if that is known to be true of
     * the interface; empty means "assume nothing, do the full job".
     */
    List<String> apply(WgInterface spec, Optional<WgInterface> previous);

    /** Deletes an interface the desired state no longer has. */
    void remove(String name);

    boolean exists(String name);

    /** Adds a peer, or sets the allowed IPs of the peer with the same key. */
    void addPeer(String name, WgPeer peer);

    void removePeer(String name, String publicKey);

    /**
     * Adds (or re-sets) and removes several peers at once, in one step (removals first); a key to
     * remove that the interface does not have is fine.
     */
    void changePeers(String name, List<WgPeer> add, List<String> remove);

    /** The peers as WireGuard reports them, with counters. */
    List<PeerStatus> peers(String name);
}
