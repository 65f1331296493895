package org.tunnelgate.agent.apply;

/** A desired state older than the one already applied (HTTP 409); the node keeps what it has. */
public class StaleGeneration extends RuntimeException {

    public StaleGeneration(long offered, long applied) {
        super("generation " + offered + " is older than the applied generation " + applied);
    }
}
