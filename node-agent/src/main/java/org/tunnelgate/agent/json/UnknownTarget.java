package org.tunnelgate.agent.json;

/** The request names an interface, peer or client this node does not have (HTTP 404). */
public class UnknownTarget extends InvalidInput {

    public UnknownTarget(String message) {
        super(message);
    }
}
