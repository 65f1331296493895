package org.tunnelgate.node.boundary;

import java.time.Instant;
import org.tunnelgate.node.entity.Node;

/** A node registered (or given a new token): the one-time token is here and nowhere else. */
public record Registered(Node node, String token, Instant expiresAt) {

    /** The command to run on the node (as root, with the agent's jar in place) to enroll it. */
    public String enrollCommand(String controllerBaseUrl) {
        return "java -jar /opt/tunnelgate/tunnelgate-node-agent.jar enroll --controller " + controllerBaseUrl
                + " --token " + token + " --config /etc/tunnelgate/agent.properties";
    }

    @Override
    public String toString() {
        return "Registered[" + node.name() + ", token hidden]";
    }
}
