package org.tunnelgate.node.boundary;

import java.time.Instant;
import java.util.List;

/**
 * What reconciliation saw of a node's WireGuard peers (fired after every reconciliation of a node
 * that answered): the connection log derives sessions from it. Nothing secret: public keys,
 * endpoints, handshake times and byte counters.
 */
public record PeersObserved(String nodeName, Instant at, List<Peer> peers) {

    /** One peer as WireGuard reports it; {@code latestHandshake} null when it never had one. */
    public record Peer(String publicKey, String endpoint, Instant latestHandshake, long bytesIn, long bytesOut) {}
}
