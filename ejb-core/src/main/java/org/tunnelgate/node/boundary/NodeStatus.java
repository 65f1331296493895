package org.tunnelgate.node.boundary;

import java.time.Instant;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.node.entity.NodeRepair;

/**
 * A node with its last health probe, how many configurations the database places on it
 * ({@code peers}), what the probe learned of its agent (version, OpenVPN clients; null and 0 before
 * the first probe), when reconciliation last compared it with the database, and its latest repair
 * (null when none).
 */
public record NodeStatus(Node node, NodeHealth health, long peers, String agentVersion, int clients,
                         Instant reconciledAt, NodeRepair lastRepair) {

    /** Peers and clients against the node's capacity, in whole percent. */
    public int loadPercent() {
        return (int) Math.min(999, Math.round(100.0 * (peers + clients) / Math.max(1, node.capacity())));
    }
}
