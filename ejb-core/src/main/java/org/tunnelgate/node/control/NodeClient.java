package org.tunnelgate.node.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one seam between the controller and its nodes: everything that has to reach a node goes
 * through here. Until node management and the agent land, nodes are database rows only and the
 * desired state lives in the database, so these calls do nothing; the node-management issue
 * replaces the bodies with pushes to the agent (and its reconciler repairs anything missed).
 *
 * <p>Callers invoke it after their transaction committed; a failure here must never undo an
 * issued or removed configuration — the reconciler catches up.
 */
@ApplicationScoped
public class NodeClient {

    /** A WireGuard peer now belongs on {@code nodeName} (profile's interface, allowed IPs). */
    public void peerAdded(String nodeName, String profileId, String publicKey, String ipv4, String ipv6) {
        // no agent yet: the vpn_configuration row is the desired state
    }

    /** A WireGuard peer no longer belongs on the node. */
    public void peerRemoved(String nodeName, String profileId, String publicKey) {
        // no agent yet
    }

    /** An OpenVPN client with this certificate common name must be disconnected wherever it is. */
    public void openVpnClientRevoked(String profileId, String commonName) {
        // no agent yet
    }
}
