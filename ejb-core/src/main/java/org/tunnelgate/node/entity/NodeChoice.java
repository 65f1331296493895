package org.tunnelgate.node.entity;

/**
 * A node that may take a new configuration of a profile, as placement ranks them: the host clients
 * connect to, the public key of its WireGuard interface for that profile (null until the node
 * reported it: then it cannot take WireGuard peers yet), and whether the controller manages it
 * (pushes peers to its agent) or it is a bare registry row. {@code node} is the registry row placement
 * read, so that the push to the chosen node need not read it again (null where a caller made the
 * choice up, as tests and benchmarks do).
 */
public record NodeChoice(String name, String publicHost, String wireguardPublicKey, boolean managed, Node node) {

    public NodeChoice(String name, String publicHost, String wireguardPublicKey, boolean managed) {
        this(name, publicHost, wireguardPublicKey, managed, null);
    }
}
