package org.tunnelgate.node.entity;

/**
 * A node as written in the seed file: name, the host clients connect to, and the public key of
 * its WireGuard interface (null until known).
 */
public record NodeDefinition(String name, String publicHost, String wireguardPublicKey) {

    public Node toNode() {
        return new Node(name, publicHost, wireguardPublicKey);
    }
}
