package org.tunnelgate.node.boundary;

import java.time.Instant;
import org.tunnelgate.node.entity.Node;

/** A node registered (or given a new token): the one-time token is here and nowhere else. */
public record Registered(Node node, String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "Registered[" + node.name() + ", token hidden]";
    }
}
